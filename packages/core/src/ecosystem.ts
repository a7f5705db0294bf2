import { z } from 'zod';
import { ConfigurationError, type ConfigProblem } from './errors.js';
import type { Logger } from './logger.js';
import type { OutboundRateLimiter, RateLimitSpec } from './rate-limit.js';
import type { AnyTool } from './tool.js';

export type AuthPattern =
  | { type: 'api-key'; description: string }
  | {
      type: 'oauth2';
      description: string;
      authorizationUrl: string;
      tokenUrl: string;
      scopes: string[];
      /** The platform rotates refresh tokens on every refresh. */
      rotatesRefreshTokens?: boolean;
    }
  | { type: 'custom'; description: string };

/** What the host gives a client besides configuration. */
export interface ClientDependencies {
  logger?: Logger;
  rateLimiter?: OutboundRateLimiter;
  /** Distinguishes budgets and logs per tenant when one process serves many. */
  tenantId?: string;
  userAgent?: string;
}

export type ConfigSchema = z.ZodObject;

export interface EcosystemDefinition<TConfig extends ConfigSchema = ConfigSchema, TClient = unknown> {
  /** Lowercase id; tool names start with it. */
  id: string;
  displayName: string;
  description: string;
  auth: AuthPattern;
  config: TConfig;
  /** Environment variable for each config field, e.g. `{ apiToken: 'CLOUDFLARE_API_TOKEN' }`. */
  env: { [K in keyof z.input<TConfig>]-?: string };
  rateLimits: RateLimitSpec[];
  tools: AnyTool<TClient>[];
  createClient(config: z.output<TConfig>, deps?: ClientDependencies): TClient;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEcosystem = EcosystemDefinition<any, any>;

export function defineEcosystem<TConfig extends ConfigSchema, TClient>(
  definition: EcosystemDefinition<TConfig, TClient>,
): EcosystemDefinition<TConfig, TClient> {
  const misnamed = definition.tools.filter((tool) => !tool.name.startsWith(`${definition.id}_`));
  if (misnamed.length > 0) {
    throw new TypeError(
      `Ecosystem "${definition.id}": tool names must start with "${definition.id}_": ${misnamed.map((t) => t.name).join(', ')}`,
    );
  }
  const names = definition.tools.map((tool) => tool.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new TypeError(`Ecosystem "${definition.id}": tool "${duplicate}" is defined twice`);
  return definition;
}

/** Parses options into an ecosystem's config; every bad field is named with what it expects. */
/** The parts of an ecosystem that configuration reading needs. */
export type EcosystemConfigSource<TConfig extends ConfigSchema> = Pick<
  EcosystemDefinition<TConfig>,
  'displayName' | 'config' | 'env'
>;

export function parseEcosystemConfig<TConfig extends ConfigSchema>(
  ecosystem: EcosystemConfigSource<TConfig>,
  input: unknown,
  nameOf: (field: string) => string = (field) => field,
): z.output<TConfig> {
  const parsed = ecosystem.config.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError(`${ecosystem.displayName} configuration is invalid`, problemsOf(parsed.error, nameOf));
}

export type EcosystemEnvConfig<TConfig extends ConfigSchema> =
  | { status: 'enabled'; config: z.output<TConfig> }
  | { status: 'disabled'; reason: string }
  | { status: 'invalid'; error: ConfigurationError };

/**
 * Reads an ecosystem's config from environment variables. No variable set means
 * the ecosystem is disabled (not broken); some set but wrong means invalid.
 */
export function readEcosystemEnv<TConfig extends ConfigSchema>(
  ecosystem: EcosystemConfigSource<TConfig>,
  env: Record<string, string | undefined>,
): EcosystemEnvConfig<TConfig> {
  const envMap = ecosystem.env as Record<string, string>;
  const input: Record<string, string> = {};
  for (const [field, variable] of Object.entries(envMap)) {
    const value = env[variable];
    if (value !== undefined && value !== '') input[field] = value;
  }
  if (Object.keys(input).length === 0) {
    return { status: 'disabled', reason: `none of ${Object.values(envMap).join(', ')} is set` };
  }
  try {
    return { status: 'enabled', config: parseEcosystemConfig(ecosystem, input, (field) => envMap[field] ?? field) };
  } catch (error) {
    if (error instanceof ConfigurationError) return { status: 'invalid', error };
    throw error;
  }
}

function problemsOf(error: z.ZodError, nameOf: (field: string) => string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const variable = field ? nameOf(field) : '(config)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return { variable, message };
  });
}
