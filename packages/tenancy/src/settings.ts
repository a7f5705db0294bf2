import { z } from 'zod';

/** A tenant's own limits and ecosystems, stored as JSON in `tenants.settings`. */
export const tenantSettingsSchema = z
  .object({
    enabledEcosystems: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an ecosystem id such as "cloudflare"'))
      .optional()
      .describe('Ecosystems this tenant may use; absent means every ecosystem the server has enabled.'),
    rateLimits: z
      .object({
        requestsPerMinute: z.number().int().positive().optional().describe('MCP requests per minute for the whole tenant.'),
        toolCallsPerMinute: z.number().int().positive().optional().describe('Tool calls per minute for the whole tenant.'),
        perTool: z
          .record(z.string(), z.number().int().positive())
          .optional()
          .describe('Calls per minute for one tool name or glob, e.g. { "cloudflare_purge_*": 10 }.'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** Settings read back from the database; a stored value that no longer validates yields `{}` rather than an outage. */
export function readTenantSettings(value: unknown): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
