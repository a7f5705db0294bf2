import { z } from 'zod';
import { heldLevels, levelsAllowTool, toolConfig, toolMatcher, type AnyEcosystem, type AnyTool } from '@enterprise-mcp/core';
import { ApprovalRules, withApprovalArgument } from '../approvals/rules.js';
import type { KeyScopes } from '../data-plane/types.js';

/** One entry of a `tools/list` answer, as MCP puts it on the wire. */
export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface CatalogEntry {
  tool: AnyTool;
  ecosystem: AnyEcosystem;
  listed: ListedTool;
  /** `listed` with `_approval_id` in its input schema, for callers whose approval rules hold the tool; made when first needed. */
  held?: ListedTool;
}

/**
 * Every tool the server serves, with its `tools/list` entry computed once at
 * start-up. Per-request work is then a cached lookup by scope, so adding
 * ecosystems costs nothing per request.
 */
export class ToolCatalog {
  private readonly entries: CatalogEntry[];
  private readonly byName = new Map<string, CatalogEntry>();
  private readonly listCache = new Map<string, ListedTool[]>();
  private readonly matcherCache = new Map<string, (name: string) => boolean>();
  private readonly approvalRules = new ApprovalRules();

  constructor(ecosystems: AnyEcosystem[]) {
    this.entries = ecosystems.flatMap((ecosystem) =>
      ecosystem.tools.map((tool: AnyTool) => ({ tool, ecosystem, listed: listEntryOf(tool, ecosystem) })),
    );
    for (const entry of this.entries) this.byName.set(entry.tool.name, entry);
  }

  get size(): number {
    return this.entries.length;
  }

  get ecosystemIds(): string[] {
    return [...new Set(this.entries.map((entry) => entry.ecosystem.id))];
  }

  find(name: string): CatalogEntry | undefined {
    return this.byName.get(name);
  }

  /** Whether a key with these scopes may see and call the tool. */
  allows(scopes: KeyScopes, entry: CatalogEntry): boolean {
    if (scopes.readOnly && !entry.tool.annotations.readOnlyHint) return false;
    if (scopes.ecosystems?.length && !scopes.ecosystems.includes(entry.ecosystem.id)) return false;
    if (scopes.tools?.length && !this.matcherFor(scopes.tools)(entry.tool.name)) return false;
    return levelsAllowTool(entry.ecosystem, this.levelsOf(scopes, entry.ecosystem), entry.tool.name);
  }

  /** The permission levels of `ecosystem` a key with these scopes holds (what the tool context gets as `permissions`). */
  levelsOf(scopes: KeyScopes, ecosystem: AnyEcosystem): Set<string> {
    return heldLevels(ecosystem, scopes.permissions?.[ecosystem.id]);
  }

  /**
   * The `tools/list` answer for these scopes, computed once per distinct scope.
   * A tool the caller's approval rules hold lists `_approval_id` as well.
   */
  list(scopes: KeyScopes): ListedTool[] {
    const key = scopeKey(scopes);
    let listed = this.listCache.get(key);
    if (!listed) {
      listed = this.entries.filter((entry) => this.allows(scopes, entry)).map((entry) => this.listedFor(scopes, entry));
      // Scopes come from a bounded set of keys; the cap guards against a pathological one.
      if (this.listCache.size > 1000) this.listCache.clear();
      this.listCache.set(key, listed);
    }
    return listed;
  }

  private listedFor(scopes: KeyScopes, entry: CatalogEntry): ListedTool {
    if (!this.approvalRules.holds(scopes.approvalTools, entry.tool)) return entry.listed;
    return (entry.held ??= { ...entry.listed, inputSchema: withApprovalArgument(entry.listed.inputSchema) });
  }

  private matcherFor(patterns: string[]): (name: string) => boolean {
    const key = patterns.join('\n');
    let matcher = this.matcherCache.get(key);
    if (!matcher) {
      matcher = toolMatcher(patterns);
      if (this.matcherCache.size > 1000) this.matcherCache.clear();
      this.matcherCache.set(key, matcher);
    }
    return matcher;
  }
}

function scopeKey(scopes: KeyScopes): string {
  const levels = Object.entries(scopes.permissions ?? {}).map(([ecosystem, granted]) => `${ecosystem}:${granted.join('+')}`);
  return `${scopes.readOnly ? 'ro' : 'rw'}|${(scopes.ecosystems ?? []).join(',')}|${(scopes.tools ?? []).join(',')}|${levels.join(',')}|${(scopes.approvalTools ?? []).join(',')}`;
}

/** The same JSON Schema the SDK's McpServer would send (draft-7, input/output views). */
function listEntryOf(tool: AnyTool, ecosystem: AnyEcosystem): ListedTool {
  const config = toolConfig(tool, ecosystem);
  return {
    name: tool.name,
    title: config.title,
    description: config.description,
    inputSchema: z.toJSONSchema(config.inputSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>,
    ...(tool.output
      ? { outputSchema: z.toJSONSchema(tool.output, { target: 'draft-7', io: 'output' }) as Record<string, unknown> }
      : {}),
    annotations: config.annotations,
  };
}
