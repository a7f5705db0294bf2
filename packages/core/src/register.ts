import picomatch from 'picomatch';
import type { z } from 'zod';
import { parseEcosystemConfig, type AnyEcosystem, type ClientDependencies, type EcosystemDefinition } from './ecosystem.js';
import { executeTool, type ToolCallResult } from './execute.js';
import { noopLogger, type Logger } from './logger.js';
import type { OutboundRateLimiter } from './rate-limit.js';
import type { AnyTool, ProgressReporter, ToolAnnotations } from './tool.js';

/**
 * The part of an MCP server that registration needs. Both the SDK 1.x
 * `McpServer` and the v2 line's `McpServer` (`@modelcontextprotocol/server`)
 * satisfy it, so one helper serves both.
 */
export interface ToolRegistrar {
  registerTool(
    name: string,
    config: {
      title?: string;
      description?: string;
      inputSchema?: z.ZodObject;
      outputSchema?: z.ZodObject;
      annotations?: ToolAnnotations & { title?: string };
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    handler: (args: any, extra: any) => Promise<ToolCallResult>,
  ): unknown;
}

export interface RegisterOptions {
  /** Only tools whose names match one of these names or globs (`cloudflare_list_*`). */
  tools?: string[];
  /** Only tools annotated read-only. */
  readOnly?: boolean;
  logger?: Logger;
  rateLimiter?: OutboundRateLimiter;
  tenantId?: string;
}

const COMMON_OPTIONS = new Set<keyof RegisterOptions>(['tools', 'readOnly', 'logger', 'rateLimiter', 'tenantId']);

export type RegisterEcosystemOptions<E extends AnyEcosystem> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  E extends EcosystemDefinition<infer C, any> ? z.input<C> & RegisterOptions : never;

/**
 * Registers an ecosystem's tools into a plain MCP server. Options are the
 * ecosystem's config fields plus the common filters; returns the names registered.
 */
export function registerTools<E extends AnyEcosystem>(
  server: ToolRegistrar,
  ecosystem: E,
  options: RegisterEcosystemOptions<E>,
): string[] {
  const { common, config } = splitOptions(options as Record<string, unknown>);
  const logger = common.logger ?? noopLogger;
  const deps: ClientDependencies = { logger, rateLimiter: common.rateLimiter, tenantId: common.tenantId };
  const client = ecosystem.createClient(parseEcosystemConfig(ecosystem, config), deps);
  const tools = selectTools(ecosystem.tools, common);
  for (const tool of tools) {
    server.registerTool(tool.name, toolConfig(tool), (args, extra) =>
      executeTool(tool, args, {
        client,
        tenantId: common.tenantId ?? 'default',
        logger,
        signal: signalOf(extra),
        reportProgress: progressReporterOf(extra),
      }).then((outcome) => outcome.result),
    );
  }
  return tools.map((tool) => tool.name);
}

/** The tools a filter and read-only flag allow, in definition order. */
export function selectTools<T extends AnyTool>(tools: T[], filter: Pick<RegisterOptions, 'tools' | 'readOnly'>): T[] {
  const allowed = filter.tools?.length ? toolMatcher(filter.tools) : () => true;
  return tools.filter((tool) => allowed(tool.name) && (!filter.readOnly || tool.annotations.readOnlyHint));
}

/** A predicate for tool names against names or globs (`cloudflare_*`). */
export function toolMatcher(patterns: string[]): (name: string) => boolean {
  return picomatch(patterns);
}

/** The registration config of a tool, shared by every MCP server flavour. */
export function toolConfig(tool: AnyTool) {
  return {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.input,
    ...(tool.output ? { outputSchema: tool.output } : {}),
    annotations: { title: tool.title, openWorldHint: true, ...tool.annotations },
  };
}

function splitOptions(options: Record<string, unknown>) {
  const common: RegisterOptions = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (COMMON_OPTIONS.has(key as keyof RegisterOptions)) (common as Record<string, unknown>)[key] = value;
    else config[key] = value;
  }
  return { common, config };
}

// The SDK 1.x passes `extra.signal`, `extra._meta` and `extra.sendNotification`;
// the v2 line passes `ctx.mcpReq.{signal,_meta,notify}`.
interface HandlerExtra {
  signal?: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification?: (notification: { method: string; params: unknown }) => Promise<void>;
  mcpReq?: {
    signal?: AbortSignal;
    _meta?: { progressToken?: string | number };
    notify?: (notification: { method: string; params: unknown }) => Promise<void>;
  };
}

function signalOf(extra: HandlerExtra | undefined): AbortSignal {
  return extra?.signal ?? extra?.mcpReq?.signal ?? new AbortController().signal;
}

export function progressReporterOf(extra: HandlerExtra | undefined): ProgressReporter {
  const token = extra?._meta?.progressToken ?? extra?.mcpReq?._meta?.progressToken;
  const send = extra?.sendNotification ?? extra?.mcpReq?.notify;
  if (token === undefined || !send) return async () => {};
  return (update) => send({ method: 'notifications/progress', params: { progressToken: token, ...update } });
}
