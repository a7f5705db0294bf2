import { z } from 'zod';
import { pageField, paginationOf, paginationOutput, zoneField, zoneOut, zoneOutput } from './schemas.js';
import { cloudflareTool } from './tool.js';
import { getZone, listZones, resolveZoneId } from './zones.api.js';

export const listZonesTool = cloudflareTool({
  name: 'cloudflare_list_zones',
  title: 'List Cloudflare zones',
  description:
    'Lists the zones (domains) the credentials can see, with their ids, status and name servers. Use it to find a zone id or to check whether a domain is on Cloudflare and active. Filter by exact domain name or status; results are paged (20 per page by default).',
  input: z.object({
    name: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Exact domain name to find (example.com). Prefix with contains:, starts_with: or ends_with: for partial matches.'),
    status: z
      .enum(['initializing', 'pending', 'active', 'moved'])
      .optional()
      .describe('Only zones in this status; pending means the name servers have not been switched to Cloudflare yet.'),
    accountId: z.string().optional().describe('Only zones of this account id.'),
    page: pageField,
    perPage: z.number().int().min(5).max(50).optional().describe('Zones per page, 5 to 50 (default 20).'),
  }),
  output: z.object({
    zones: z.array(zoneOutput).describe('Zones on this page'),
    ...paginationOutput,
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const { items, resultInfo } = await listZones(ctx.client, args, ctx.signal);
    return { zones: items.map(zoneOut), ...paginationOf(resultInfo) };
  },
});

export const getZoneTool = cloudflareTool({
  name: 'cloudflare_get_zone',
  title: 'Get a Cloudflare zone',
  description:
    'Returns one zone by id or domain name: status, plan, name servers, development mode and timestamps. Use it to check a single domain; use cloudflare_list_zones to browse.',
  input: z.object({ zone: zoneField }),
  output: z.object({ zone: zoneOutput }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    return { zone: zoneOut(await getZone(ctx.client, zoneId, ctx.signal)) };
  },
});

export const zoneTools = [listZonesTool, getZoneTool];
