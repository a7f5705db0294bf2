import { z } from 'zod';
import type { ToolCallResult } from '@enterprise-mcp/core';
import { boundedName } from '../text.js';
import type { ListedTool, ToolCatalog } from './catalog.js';

/**
 * The compact tool surface a key can choose (`toolSurface: 'compact'`): three
 * meta-tools instead of every tool, so a client's context holds a few hundred
 * tokens of tool descriptions rather than tens of thousands. They reach the
 * same tools: `call_tool` goes through the one call path (scope, limits,
 * client, audit row naming the real tool); the other two only read the
 * catalog the key may see.
 */
export const COMPACT_TOOLS = { search: 'search_tools', describe: 'describe_tool', call: 'call_tool' } as const;

const searchInput = z
  .object({
    query: z.string().min(1).max(200).describe('Words to look for in tool names, titles and descriptions, e.g. "dns records" or "create contact"'),
    limit: z.number().int().min(1).max(50).optional().describe('Most tools to return (default 10)'),
  })
  .strict();

const describeInput = z.object({ name: z.string().min(1).max(200).describe('A tool name from search_tools, e.g. cloudflare_list_dns_records') }).strict();

const callInput = z
  .object({
    name: z.string().min(1).max(200).describe('The tool to call, as search_tools names it'),
    arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, as describe_tool's inputSchema says"),
  })
  .strict();

/** What the compact surface asks the server to run: an answer of its own, or a call of a real tool. */
export type CompactAction = { answer: ToolCallResult } | { call: { name: string; args: unknown } };

export class CompactSurface {
  /** The compact `tools/list`, the same for every key: computed once. */
  readonly listed: ListedTool[];

  constructor(private readonly catalog: ToolCatalog) {
    const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
    this.listed = [
      listed(COMPACT_TOOLS.search, 'Search tools', 'Finds the tools this key may use by words in their names and descriptions. Start here: it returns names, titles and whether a tool changes anything.', searchInput, readOnly),
      listed(COMPACT_TOOLS.describe, 'Describe tool', "Returns one tool's full description, its input JSON Schema and its annotations, so call_tool can be called with the right arguments.", describeInput, readOnly),
      listed(COMPACT_TOOLS.call, 'Call tool', 'Calls one tool by name with its arguments, under the same permissions, rate limits and audit as a direct call. Check its annotations first: some tools change or delete data.', callInput, {
        readOnlyHint: false,
        destructiveHint: true,
        openWorldHint: true,
      }),
    ];
  }

  handles(name: string): boolean {
    return name === COMPACT_TOOLS.search || name === COMPACT_TOOLS.describe || name === COMPACT_TOOLS.call;
  }

  /** Runs a meta-tool for a key whose visible tools are `visible`; bad arguments are a tool error, not a protocol error. */
  run(name: string, args: unknown, visible: ListedTool[]): CompactAction {
    if (name === COMPACT_TOOLS.call) {
      const parsed = callInput.safeParse(args ?? {});
      if (!parsed.success) return { answer: invalid(name, parsed.error) };
      return { call: { name: parsed.data.name, args: parsed.data.arguments ?? {} } };
    }
    if (name === COMPACT_TOOLS.describe) {
      const parsed = describeInput.safeParse(args ?? {});
      if (!parsed.success) return { answer: invalid(name, parsed.error) };
      const tool = visible.find((entry) => entry.name === parsed.data.name);
      if (!tool) return { answer: toolError(`No tool ${boundedName(parsed.data.name)} for this API key; search_tools lists the ones it may use`) };
      return { answer: structured(tool as unknown as Record<string, unknown>) };
    }
    const parsed = searchInput.safeParse(args ?? {});
    if (!parsed.success) return { answer: invalid(name, parsed.error) };
    const tools = search(visible, parsed.data.query, parsed.data.limit ?? 10).map((tool) => ({
      name: tool.name,
      title: tool.title,
      summary: firstSentence(tool.description),
      readOnly: tool.annotations?.['readOnlyHint'] === true,
    }));
    return { answer: structured({ tools, total: visible.length }) };
  }

  /** The real tools a key may use, for search and describe: the catalog's own precomputed list. */
  visible(scopes: Parameters<ToolCatalog['list']>[0]): ListedTool[] {
    return this.catalog.list(scopes);
  }
}

/**
 * Tools ranked by how many query words they contain: a word in the name
 * counts three times, in the title twice, in the description once. Ties keep
 * catalog order, so answers are stable.
 */
function search(tools: ListedTool[], query: string, limit: number): ListedTool[] {
  const words = query.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length > 1);
  if (!words.length) return tools.slice(0, limit);
  const scored = tools.map((tool, index) => {
    const name = tool.name.replaceAll('_', ' ');
    const title = (tool.title ?? '').toLowerCase();
    const description = (tool.description ?? '').toLowerCase();
    const score = words.reduce((sum, word) => sum + (name.includes(word) ? 3 : 0) + (title.includes(word) ? 2 : 0) + (description.includes(word) ? 1 : 0), 0);
    return { tool, index, score };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.tool);
}

function listed(name: string, title: string, description: string, input: z.ZodObject, annotations: Record<string, unknown>): ListedTool {
  return {
    name,
    title,
    description,
    inputSchema: z.toJSONSchema(input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>,
    annotations: { title, ...annotations },
  };
}

function firstSentence(text: string | undefined): string {
  const sentence = /^[^.]*\.?/.exec(text ?? '')?.[0] ?? '';
  return sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence;
}

function structured(value: Record<string, unknown>): ToolCallResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value } as ToolCallResult;
}

function toolError(message: string): ToolCallResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function invalid(tool: string, error: z.ZodError): ToolCallResult {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ');
  return toolError(`Invalid arguments for ${tool}: ${problems}`);
}
