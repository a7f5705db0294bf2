import { z } from 'zod';

/** Tool names, globs, or `destructive`: every tool whose annotations do not say read-only (or that says destructiveHint). */
export const approvalToolsSchema = z.array(z.string().regex(/^(destructive|[a-z0-9_*?{},[\]!-]+)$/, 'a tool name or glob such as "cloudflare_delete_*", or "destructive"'));

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
    approvalTools: approvalToolsSchema
      .optional()
      .describe('Tools whose calls wait for a person to approve them: names, globs, or "destructive" (every tool that is not read-only). Each key may add to this list, never remove from it.'),
  })
  .strict();

export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** Settings read back from the database; a stored value that no longer validates yields `{}` rather than an outage. */
export function readTenantSettings(value: unknown): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}
