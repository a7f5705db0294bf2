import { toolMatcher, type AnyTool } from '@enterprise-mcp/core';

/** The argument a client (or a model, which can only set arguments) adds to name its approval; stripped before validation. */
export const APPROVAL_ARGUMENT = '_approval_id';

/** `destructive`: a tool that changes something (not read-only), or says destructiveHint outright. */
export function isDestructive(tool: AnyTool): boolean {
  return tool.annotations.destructiveHint === true || tool.annotations.readOnlyHint !== true;
}

/**
 * Whether approval rules (a tenant's `approvalTools` plus its key's: tool
 * globs, or `destructive`) hold calls to `tool`. The gate asks before a call
 * runs; the catalog asks to list `_approval_id` on the tools it holds.
 */
export class ApprovalRules {
  private readonly matchers = new Map<string, (name: string) => boolean>();

  holds(rules: string[] | undefined, tool: AnyTool): boolean {
    if (!rules?.length) return false;
    if (rules.includes('destructive') && isDestructive(tool)) return true;
    const globs = rules.filter((rule) => rule !== 'destructive');
    if (!globs.length) return false;
    const key = globs.join('\n');
    let matcher = this.matchers.get(key);
    if (!matcher) {
      // Rules come from a bounded set of tenants and keys; the cap guards against a pathological one.
      if (this.matchers.size > 1000) this.matchers.clear();
      this.matchers.set(key, (matcher = toolMatcher(globs)));
    }
    return matcher(tool.name);
  }
}

/**
 * A listed input schema with `_approval_id` among its properties (optional),
 * so clients that check arguments against the schema let a model send it.
 */
export function withApprovalArgument(inputSchema: Record<string, unknown>): Record<string, unknown> {
  const properties = (inputSchema['properties'] as Record<string, unknown> | undefined) ?? {};
  return {
    ...inputSchema,
    properties: {
      ...properties,
      [APPROVAL_ARGUMENT]: {
        type: 'string',
        description: 'Leave out. Only when this tool answered that a call awaits a person\'s approval: that approval\'s id, sent with the same arguments once approved.',
      },
    },
  };
}
