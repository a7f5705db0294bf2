import type { z } from 'zod';
import type { Logger } from './logger.js';
import type { ToolStateStore } from './tool-state.js';

/** MCP tool annotations: hints a client uses to decide what needs confirmation. */
export interface ToolAnnotations {
  /** The tool changes nothing. */
  readOnlyHint: boolean;
  /** The tool may destroy or overwrite data (only meaningful when not read-only). */
  destructiveHint?: boolean;
  /** Calling it twice with the same input has no further effect. */
  idempotentHint?: boolean;
  /** The tool reaches an outside system (every platform tool does). */
  openWorldHint?: boolean;
}

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

export type ProgressReporter = (update: ProgressUpdate) => Promise<void>;

/** Everything a tool handler gets besides its input. */
export interface ToolContext<TClient = unknown> {
  client: TClient;
  tenantId: string;
  logger: Logger;
  /**
   * Pass it to every request the handler makes: it cancels them with the call,
   * and core's HTTP client finds the call through it (upstream request ids,
   * log lines with the call's request id).
   */
  signal: AbortSignal;
  /** Reaches the client as `notifications/progress` when the call asked for progress; a no-op otherwise. */
  progress: ProgressReporter;
  /** The request id the server assigned, for log correlation. */
  requestId?: string;
  /**
   * The permission levels of this ecosystem the caller holds (see
   * `EcosystemDefinition.permissionLevels`); undefined when nothing narrows
   * them (a package used alone). A tool gates data on a level with `holdsLevel`.
   */
  permissions?: ReadonlySet<string>;
  /**
   * The platform's ids of this call's upstream requests (`x-amzn-RequestId`…),
   * filled by core's HTTP client as responses arrive; `executeTool` provides it
   * and reports it in its outcome, for the audit row and the log line.
   */
  upstreamRequestIds?: string[];
  /**
   * Where a tool keeps a value for a later call (a previewed change until the
   * caller confirms it), scoped by the host to this tenant, ecosystem and
   * connection and shared by its replicas; undefined for a package used alone,
   * whose client then keeps a `MemoryToolState` of its own.
   */
  pending?: ToolStateStore;
  /**
   * What to tell the model when the call's connection lacks permission
   * `level` (the platform refused for a missing scope): the host's guidance,
   * naming the level and a reconnect link that asks for it. Undefined when
   * the host has none (no connections).
   */
  missingLevelGuidance?(level: string): string;
}

/** The caller holds `level`: said by the host, or nobody narrowed the caller's levels. */
export function holdsLevel(ctx: Pick<ToolContext, 'permissions'>, level: string): boolean {
  return ctx.permissions === undefined || ctx.permissions.has(level);
}

/** How long a read tool's answer may be served again for the same tenant, connection and arguments. */
export interface ToolCachePolicy {
  ttlSeconds: number;
}

export type ToolInputSchema = z.ZodObject;
export type ToolOutputSchema = z.ZodObject;

export interface ToolDefinition<
  TClient = unknown,
  TInput extends ToolInputSchema = ToolInputSchema,
  TOutput extends ToolOutputSchema | undefined = ToolOutputSchema | undefined,
> {
  /** `<ecosystem>_<verb>_<noun>`, snake_case. */
  name: string;
  title: string;
  /** Written for a model choosing a tool: what it does, when to use it, what comes back. */
  description: string;
  input: TInput;
  output?: TOutput;
  annotations: ToolAnnotations;
  handler: (
    input: z.output<TInput>,
    ctx: ToolContext<TClient>,
  ) => Promise<TOutput extends ToolOutputSchema ? z.input<TOutput> : unknown>;
  /** Text rendering of the result for clients that ignore structured content; compact JSON by default (fewest tokens for the model). */
  render?: (output: TOutput extends ToolOutputSchema ? z.output<TOutput> : unknown) => string;
  /**
   * Read tools only: the server may answer a repeated call from its cache for
   * this long (default: the server's short lifetime); `false` never caches. Any
   * write tool of the same ecosystem and tenant empties the cache.
   */
  cache?: ToolCachePolicy | false;
}

/** Any tool of an ecosystem whose client is TClient, whatever its schemas. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool<TClient = any> = ToolDefinition<TClient, any, any>;

const TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+){2,}$/;

/**
 * Declares a tool. Checks the naming convention at definition time, so a
 * badly named tool fails the package's own tests rather than a user's server.
 */
export function defineTool<
  TClient,
  TInput extends ToolInputSchema,
  TOutput extends ToolOutputSchema | undefined = undefined,
>(definition: ToolDefinition<TClient, TInput, TOutput>): ToolDefinition<TClient, TInput, TOutput> {
  if (!TOOL_NAME.test(definition.name)) {
    throw new TypeError(
      `Tool name "${definition.name}" must be <ecosystem>_<verb>_<noun> in snake_case, e.g. cloudflare_list_dns_records`,
    );
  }
  if (!definition.description.trim()) {
    throw new TypeError(`Tool "${definition.name}" needs a description a model can choose it by`);
  }
  if (definition.cache && !definition.annotations.readOnlyHint) {
    throw new TypeError(`Tool "${definition.name}" changes data, so its answers cannot be cached`);
  }
  if (definition.annotations.readOnlyHint && definition.annotations.destructiveHint) {
    throw new TypeError(`Tool "${definition.name}" cannot be both read-only and destructive`);
  }
  // Arguments the schema does not declare are rejected, not silently dropped: a
  // misspelt or invented argument is a mistake the model should hear about. The
  // strict object also advertises `additionalProperties: false` in its JSON Schema.
  return { ...definition, input: strictInput(definition.input) };
}

function strictInput<TInput extends ToolInputSchema>(input: TInput): TInput {
  // A schema that chose a catchall (loose or strict) keeps its choice.
  if (input._zod.def.catchall) return input;
  return input.strict() as unknown as TInput;
}

/**
 * `defineTool` with an ecosystem's client type fixed, so every handler of that
 * ecosystem gets a typed `ctx.client` without annotating it:
 * `export const cloudflareTool = toolDefinerFor<CloudflareClient>();`
 */
export function toolDefinerFor<TClient>() {
  return <TInput extends ToolInputSchema, TOutput extends ToolOutputSchema | undefined = undefined>(
    definition: ToolDefinition<TClient, TInput, TOutput>,
  ): ToolDefinition<TClient, TInput, TOutput> => defineTool(definition);
}
