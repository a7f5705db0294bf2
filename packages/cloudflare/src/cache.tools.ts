import { z } from 'zod';
import { purgeCache } from './cache.api.js';
import { zoneField } from './schemas.js';
import { cloudflareTool } from './tool.js';
import type { PurgeCacheRequest } from './types.js';
import { resolveZoneId } from './zones.api.js';

/** Per request on every plan: 100 URLs (500 on Enterprise), 100 tags, hosts or prefixes. */
const MAX_FILES = 500;
const MAX_FLEX = 100;
const list = (what: string, max: number, example: string) =>
  z.array(z.string().trim().min(1)).min(1).max(max).optional().describe(`${what}, e.g. ${example}.`);

const KINDS = ['everything', 'files', 'hosts', 'tags', 'prefixes'] as const;

export const purgeCacheTool = cloudflareTool({
  name: 'cloudflare_purge_cache',
  title: 'Purge Cloudflare cache',
  description:
    "Removes cached content from Cloudflare's edge so the next requests fetch fresh copies from the origin. Give exactly one of: everything (the whole zone; use sparingly, the origin takes the full load), files (full URLs), hosts, tags (Cache-Tag values) or prefixes (URL prefixes without scheme); every plan may use every kind, up to 100 items a call (500 URLs on Enterprise). Purges are rate limited per account (Free: 5 tag, host, prefix or everything purges a minute, bursts of 25; 800 URLs a second); past that the call fails as rate limited with the wait. Prefer the narrowest kind that covers the change.",
  input: z
    .object({
      zone: zoneField,
      everything: z.literal(true).optional().describe('Set to true to purge every cached file of the zone.'),
      files: list('Full URLs to purge: up to 100 per call (500 on Enterprise plans)', MAX_FILES, '["https://example.com/styles.css"]'),
      hosts: list(`Host names whose cached content to purge, up to ${MAX_FLEX}`, MAX_FLEX, '["images.example.com"]'),
      tags: list(`Cache-Tag header values to purge, up to ${MAX_FLEX}`, MAX_FLEX, '["product-42"]'),
      prefixes: list(`URL prefixes without scheme to purge, up to ${MAX_FLEX}`, MAX_FLEX, '["example.com/blog/"]'),
    })
    .refine((args) => KINDS.filter((kind) => args[kind] !== undefined).length === 1, {
      message: 'give exactly one of everything, files, hosts, tags or prefixes (Cloudflare purges one kind per request)',
    }),
  output: z.object({
    id: z.string().describe('Purge request id (the zone id)'),
    zoneId: z.string().describe('The zone purged'),
    kind: z.enum(KINDS).describe('What was purged'),
    count: z.number().describe('Number of URLs, hosts, tags or prefixes purged; 0 for everything'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const kind = KINDS.find((k) => args[k] !== undefined)!;
    const request = (kind === 'everything' ? { purge_everything: true } : { [kind]: args[kind] }) as PurgeCacheRequest;
    const result = await purgeCache(ctx.client, zoneId, request, ctx.signal);
    return { id: result.id, zoneId, kind, count: kind === 'everything' ? 0 : (args[kind] as string[]).length };
  },
});

export const cacheTools = [purgeCacheTool];
