import picomatch from 'picomatch';
import { z } from 'zod';
import { tokenProviderOf, type TokenSource } from './credentials.js';
import { createEcosystemClient, parseEcosystemConfig, type AnyEcosystem, type Connection, type EcosystemDefinition, type ModeConfigs } from './ecosystem.js';
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
  /** The access token instead of the mode's own credential field: a string or a provider that refreshes (OAuth). */
  token?: TokenSource;
  /** The account the token belongs to, for OAuth modes (its external ids: a location, a realm, a seller). */
  connection?: Connection;
  /** The contract's place settings: an environment and region the ecosystem declares, or a base URL (a proxy, a fake). */
  environment?: string;
  region?: string;
  baseUrl?: string;
}

const COMMON_OPTIONS = new Set<string>(['tools', 'readOnly', 'logger', 'rateLimiter', 'tenantId', 'token', 'connection']);

/** One auth mode's fields, with `mode` naming it (optional for the first mode). */
type ModeOptions<TConfigs extends ModeConfigs> = {
  [K in keyof TConfigs & string]: z.input<TConfigs[K]> & { mode?: K };
}[keyof TConfigs & string];

export type RegisterEcosystemOptions<E extends AnyEcosystem> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  E extends EcosystemDefinition<infer M, any> ? ModeOptions<M> & RegisterOptions : never;

/**
 * Registers an ecosystem's tools into a plain MCP server. Options are one auth
 * mode's config fields plus the common filters; returns the names registered.
 */
export function registerTools<E extends AnyEcosystem>(
  server: ToolRegistrar,
  ecosystem: E,
  options: RegisterEcosystemOptions<E>,
): string[] {
  const { common, config } = splitOptions(options as Record<string, unknown>);
  const logger = common.logger ?? noopLogger;
  const token = common.token === undefined ? undefined : tokenProviderOf(common.token);
  const client = createEcosystemClient(ecosystem, parseEcosystemConfig(ecosystem, config), {
    logger,
    rateLimiter: common.rateLimiter,
    tenantId: common.tenantId,
    token,
    connection: common.connection,
  });
  const tools = selectTools(ecosystem.tools as AnyTool[], common);
  for (const tool of tools) {
    // Used alone, a package serves the one account it was configured with: `connection` has nothing to choose.
    server.registerTool(tool.name, toolConfig(tool, ecosystem), (args, extra) =>
      executeTool(tool, splitConnection(args).args, {
        client,
        tenantId: common.tenantId ?? 'default',
        logger,
        signal: signalOf(extra),
        progress: progressReporterOf(extra),
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
export function toolConfig(tool: AnyTool, ecosystem?: Pick<AnyEcosystem, 'connections'>) {
  return {
    title: tool.title,
    description: tool.description,
    inputSchema: advertisedInput(tool, ecosystem),
    ...(tool.output ? { outputSchema: tool.output } : {}),
    annotations: { title: tool.title, openWorldHint: true, ...tool.annotations },
  };
}

function splitOptions(options: Record<string, unknown>) {
  const common: RegisterOptions = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (COMMON_OPTIONS.has(key)) (common as Record<string, unknown>)[key] = value;
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

/** The argument the contract adds to every tool of an ecosystem with several connections. */
export const CONNECTION_ARGUMENT = 'connection';

const connectionSchema = z
  .string()
  .min(1)
  .optional()
  .describe('Which connected account to act on (its connection id or name); leave it out when the tenant has only one');

/** A tool's input schema as clients see it: with the `connection` argument where the ecosystem has several connections. */
export function advertisedInput(tool: AnyTool, ecosystem?: Pick<AnyEcosystem, 'connections'>): z.ZodObject {
  return ecosystem?.connections === 'many' ? tool.input.extend({ [CONNECTION_ARGUMENT]: connectionSchema }) : tool.input;
}

/** Splits the contract's `connection` argument off a call's arguments, leaving what the tool itself takes. */
export function splitConnection(args: unknown): { connection?: string; args: unknown } {
  if (!args || typeof args !== 'object' || !(CONNECTION_ARGUMENT in args)) return { args };
  const { [CONNECTION_ARGUMENT]: connection, ...rest } = args as Record<string, unknown>;
  return { connection: typeof connection === 'string' ? connection : undefined, args: rest };
}
