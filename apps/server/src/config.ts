import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  ConfigurationError,
  configInput,
  ecosystemVariables,
  oauthSpecOf,
  readEcosystemEnv,
  type AnyEcosystem,
  type ConfigProblem,
} from '@enterprise-mcp/core';
import { parseCredentialKeyring } from '@enterprise-mcp/tenancy';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

const list = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const int = (min: number) => z.coerce.number().int().min(min);

/**
 * Every server setting, keyed by its environment variable. `.env.example`
 * documents each one (a test keeps the two in step).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .refine(hasHost, 'must be a postgresql:// URL with a host, e.g. postgresql://user:password@db.example.com:5432/enterprise_mcp')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: int(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: int(0).max(3_600_000).default(30_000),
  DATABASE_CONNECT_TIMEOUT_MS: int(100).max(300_000).default(10_000),
  AUTO_MIGRATE: bool.default(true),
  AUDIT_FLUSH_INTERVAL_MS: int(10).max(60_000).default(1000),
  AUDIT_BUFFER_RECORDS: int(500).max(10_000_000).default(20_000),
  AUDIT_SPILL_DIR: z.string().min(1).optional(),
  AUDIT_SPILL_MAX_BYTES: int(4096).default(1024 ** 3),
  AUDIT_ON_FAILURE: z.enum(['refuse', 'spill']).default('refuse'),
  /** The default age for `audit retention` (the CLI reads it); checked here so a bad value stops start-up. */
  AUDIT_RETENTION_DAYS: int(1).max(36_500).optional(),
  API_CACHE_STORE: z.enum(['memory', 'database', 'off']).default('memory'),
  API_CACHE_TTL_SECONDS: int(0).max(86_400).default(30),
  API_CACHE_MAX_ENTRIES: int(1).max(10_000_000).default(10_000),
  API_CACHE_MAX_MB: int(1).max(65_536).default(32),
  /** A held call's approval lives this long (15 minutes); the call must be approved and made again within it. */
  APPROVAL_TTL_MS: int(1000).max(7 * 86_400_000).default(900_000),
  /** A held call waits this long for its decision before answering "pending" (0: at once). */
  APPROVAL_WAIT_MS: int(0).max(3_600_000).default(0),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (openssl rand -hex 24)').optional(),
  METRICS_PORT: int(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** OpenTelemetry's own variable (telemetry/tracing.ts reads it as the SDK does); checked here so a typo stops start-up. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  TENANCY_MODE: z.enum(['single', 'multi']).default('single'),
  CREDENTIALS_ENCRYPTION_KEY: z.string().optional(),
  CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  OAUTH_REFRESH_MARGIN_SECONDS: int(0).max(86_400).default(300),
  OAUTH_MAINTENANCE_INTERVAL_SECONDS: int(0).max(7 * 86_400).default(3600),
  OAUTH_ROLLING_REFRESH_DAYS: int(1).max(3650).default(30),
  OAUTH_HARD_EXPIRY_WARNING_DAYS: int(0).max(3650).default(30),
  OAUTH_JOURNAL_DIR: z.string().min(1).optional(),
  ALLOWED_HOSTS: list.optional(),
  ALLOWED_ORIGINS: list.optional(),
  CORS_ORIGINS: list.optional(),
  DNS_REBINDING_PROTECTION: bool.optional(),
  MAX_BODY_BYTES: int(1024).default(1_048_576),
  HTTP_HEADERS_TIMEOUT_MS: int(100).max(300_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(100).max(3_600_000).default(30_000),
  MAX_CONNECTIONS: int(0).default(1000),
  MCP_RESPONSE_MODE: z.enum(['auto', 'json', 'sse']).default('auto'),
  MCP_MAX_BATCH_MESSAGES: int(1).max(1000).default(10),
  API_KEY_CACHE_TTL_MS: int(0).default(5_000),
  API_KEY_OUTAGE_GRACE_MS: int(0).default(300_000),
  RATE_LIMIT_REQUESTS_PER_MINUTE: int(1).default(1200),
  RATE_LIMIT_KEY_REQUESTS_PER_MINUTE: int(0).default(0),
  RATE_LIMIT_TOOL_CALLS_PER_MINUTE: int(1).default(600),
  OUTBOUND_MAX_WAIT_MS: int(0).default(2000),
  SHUTDOWN_TIMEOUT_MS: int(0).default(10_000),
  AUTH_MODE: z.enum(['embedded', 'external', 'off']).default('embedded'),
  AUTH_SECRET: z.string().optional(),
  /** The admin console at /console (login by the authorization server's users). */
  CONSOLE_ENABLED: bool.default(true),
  AUTH_ALLOWED_REDIRECT_URIS: list.optional(),
  AUTH_DYNAMIC_REGISTRATION: bool.default(true),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: int(60).max(86_400).default(3600),
  AUTH_REFRESH_TOKEN_TTL_SECONDS: int(300).max(366 * 86_400).default(30 * 86_400),
  AUTH_ALLOW_INSECURE_LOOPBACK: bool.default(false),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_SCOPES: z.string().min(1).optional(),
  AUTH_OIDC_LABEL: z.string().min(1).max(80).optional(),
  AUTH_EXTERNAL_ISSUER: z.url().optional(),
  AUTH_EXTERNAL_JWKS_URL: z.url().optional(),
  AUTH_EXTERNAL_AUDIENCE: z.string().min(1).optional(),
  AUTH_EXTERNAL_ALGORITHMS: list.optional(),
  AUTH_EXTERNAL_TENANT_CLAIM: z.string().min(1).default('tenant'),
  AUTH_EXTERNAL_DEFAULT_TENANT: z.string().min(1).optional(),
  AUTH_EXTERNAL_SCOPE_MAP: z.string().optional(),
  STDIO_TENANT_ID: z.string().min(1).default('local'),
  DEMO_API_KEY: z
    .string()
    .regex(/^emcp_[0-9a-f]{12}_[0-9a-f]{64}$/, 'must be an API key of the form emcp_<12 hex>_<64 hex>')
    .optional(),
});

type BaseConfig = z.output<typeof configSchema>;

export interface EcosystemSettings {
  ecosystem: AnyEcosystem;
  /** The config read from the environment (as storable input: `mode`, fields, place), or undefined when its variables are unset. */
  envConfig?: Record<string, unknown>;
  disabledReason?: string;
}

export interface ServerConfig extends BaseConfig {
  /** Derived: DNS-rebinding protection is on for local binds unless turned off. */
  dnsRebindingProtection: boolean;
  logFormat: 'json' | 'pretty';
  ecosystems: EcosystemSettings[];
}

/**
 * The server's configuration error: core's ConfigurationError (code
 * `configuration_invalid`) with a message that lists one problem per line.
 */
export class ConfigError extends ConfigurationError {
  constructor(
    problems: ConfigProblem[],
    fix = 'Fix these environment variables (see .env.example) and start again.',
    heading = 'Invalid configuration',
  ) {
    super(heading, problems);
    this.message = `${heading}:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\n${fix}`;
  }
}

/** The environment variable names the server reads, its own and every ecosystem's. */
export function configVariables(ecosystems: AnyEcosystem[]): string[] {
  const own = Object.keys(configSchema.shape);
  const platform = ecosystems.flatMap((ecosystem) => ecosystemVariables(ecosystem));
  return [...own, ...platform];
}

/** Validates the environment; every bad variable is named with what it expects. */
export function loadConfig(env: Record<string, string | undefined>, ecosystems: AnyEcosystem[]): ServerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(cleaned);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(config)');
        const given = cleaned[variable];
        return { variable, message: given === undefined ? 'is required' : `${issue.message} (got "${shown(variable, given)}")` };
      });
  const ecosystemSettings = ecosystems.map((ecosystem) => {
    const result = readEcosystemEnv(ecosystem, env);
    if (result.status === 'invalid') problems.push(...result.error.problems);
    if (result.status === 'enabled' && oauthSpecOf(ecosystem, result.config) && !cleaned['CREDENTIALS_ENCRYPTION_KEY']) {
      problems.push({
        variable: 'CREDENTIALS_ENCRYPTION_KEY',
        message: `is required to keep ${ecosystem.displayName}'s OAuth tokens (its ${result.config.mode} mode is set); 32 random bytes, base64: openssl rand -base64 32`,
      });
    }
    if (result.status === 'enabled') return { ecosystem, envConfig: configInput(result.config) };
    return { ecosystem, disabledReason: result.status === 'disabled' ? result.reason : 'invalid configuration' };
  });
  if (cleaned['TENANCY_MODE'] === 'multi' && !cleaned['CREDENTIALS_ENCRYPTION_KEY']) {
    problems.push({ variable: 'CREDENTIALS_ENCRYPTION_KEY', message: 'is required when TENANCY_MODE=multi (32 random bytes, base64: openssl rand -base64 32)' });
  }
  problems.push(...credentialKeyProblems(cleaned['CREDENTIALS_ENCRYPTION_KEY'], cleaned['CREDENTIALS_ENCRYPTION_KEY_PREVIOUS']));
  problems.push(...authProblems(cleaned));
  if (parsed.success && parsed.data.HTTP_HEADERS_TIMEOUT_MS > parsed.data.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push({ variable: 'HTTP_HEADERS_TIMEOUT_MS', message: `must not be longer than HTTP_REQUEST_TIMEOUT_MS (${parsed.data.HTTP_REQUEST_TIMEOUT_MS})` });
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const base = parsed.data;
  return {
    ...base,
    dnsRebindingProtection: base.DNS_REBINDING_PROTECTION ?? LOCAL_HOSTS.has(base.HOST),
    logFormat: base.LOG_FORMAT ?? (base.NODE_ENV === 'development' ? 'pretty' : 'json'),
    ecosystems: ecosystemSettings,
  };
}

/** Checked whenever it is set, in single mode too: the credentials CLI and the OAuth vault use it there. */
function credentialKeyProblems(value: string | undefined, previous: string | undefined): ConfigProblem[] {
  if (value === undefined) {
    return previous === undefined ? [] : [{ variable: 'CREDENTIALS_ENCRYPTION_KEY_PREVIOUS', message: 'is set, but CREDENTIALS_ENCRYPTION_KEY (the current key) is not' }];
  }
  try {
    parseCredentialKeyring(value, previous);
    return [];
  } catch (error) {
    return error instanceof ConfigurationError ? error.problems : [{ variable: 'CREDENTIALS_ENCRYPTION_KEY', message: 'is not valid' }];
  }
}

/** The authorization settings that only make sense together. */
function authProblems(env: Record<string, string | undefined>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (env['AUTH_MODE'] === 'external' && !env['AUTH_EXTERNAL_ISSUER']) {
    problems.push({ variable: 'AUTH_EXTERNAL_ISSUER', message: "is required when AUTH_MODE=external (the external authorization server's issuer URL)" });
  }
  if (env['AUTH_OIDC_ISSUER'] && !env['AUTH_OIDC_CLIENT_ID']) {
    problems.push({ variable: 'AUTH_OIDC_CLIENT_ID', message: 'is required when AUTH_OIDC_ISSUER is set (the client id registered at the OIDC provider)' });
  }
  if (env['AUTH_SECRET'] !== undefined && Buffer.from(env['AUTH_SECRET'], 'base64').length < 32) {
    problems.push({ variable: 'AUTH_SECRET', message: 'must be at least 32 random bytes, base64 (openssl rand -base64 32)' });
  }
  if (/^(true|1)$/.test(env['AUTH_ALLOW_INSECURE_LOOPBACK'] ?? '') && env['NODE_ENV'] !== 'test') {
    problems.push({ variable: 'AUTH_ALLOW_INSECURE_LOOPBACK', message: 'is for tests only (NODE_ENV=test): it lets http://127.0.0.1 client metadata documents and OIDC issuers through' });
  }
  return problems;
}

function hasHost(value: string): boolean {
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/** A bad value as it may be shown: secrets and URLs with passwords never are. */
function shown(variable: string, value: string | undefined): string {
  if (/KEY|SECRET|TOKEN|PASSWORD/.test(variable)) return '[hidden]';
  return (value ?? '').replace(/\/\/[^@/]*@/, '//[credentials]@').slice(0, 80);
}

/**
 * Loads `.env` (or ENV_FILE) into process.env with Node's own parser; values
 * already in the environment win, as with `node --env-file`.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const file = resolve(cwd, env.ENV_FILE ?? '.env');
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
