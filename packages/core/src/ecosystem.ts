import { z } from 'zod';
import { staticToken, type TokenProvider } from './credentials.js';
import { ConfigurationError, CredentialsMissingError, type ConfigProblem } from './errors.js';
import type { Logger } from './logger.js';
import type { ConnectionIdentity, OAuthCallback } from './oauth.js';
import { credentialKey, type OutboundRateLimiter, type RateLimitSpec } from './rate-limit.js';
import type { AnyTool } from './tool.js';

export type ConfigSchema = z.ZodObject;

/** How a platform authenticates this mode's calls. */
export type AuthKind = 'api-key' | 'oauth2' | 'service-account' | 'custom';

/** Where an OAuth 2.0 authorization-code mode sends users and trades codes; per environment when they differ. */
export interface OAuthSpec {
  authorizationUrl: string | Record<string, string>;
  tokenUrl: string | Record<string, string>;
  revocationUrl?: string | Record<string, string>;
  scopes: string[];
  /** The platform issues a new refresh token at every refresh (QuickBooks, GoHighLevel): it must be stored first. */
  rotatesRefreshTokens?: boolean;
  /** How the app authenticates at the token endpoint (default `client_secret_basic`). */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  /** Extra query parameters of the authorization URL (Google's `access_type=offline`, `prompt=consent`). */
  authorizationParams?: Record<string, string>;
  /** Extra form fields of every token request (GoHighLevel's `user_type=Location`). */
  tokenParams?: Record<string, string>;
  /** Extra headers of every token request (QuickBooks' `x-include-refresh-token-hard-expires-in`). */
  tokenHeaders?: Record<string, string>;
  /**
   * The scopes to ask for under this configuration and for these chosen
   * permission levels (undefined: the levels `allowedLevels` gives), when they
   * depend on them (Google's levels); default `scopes`.
   */
  scopesFor?(resolved: ResolvedConfig, levels?: readonly string[]): string[];
  /**
   * The permission levels a connection may be given under this configuration
   * (Google's GOOGLE_PERMISSION_LEVELS); default every level that declares
   * `scopes`. A connect link asks for some of these, or all of them.
   */
  allowedLevels?(resolved: ResolvedConfig): string[];
  /**
   * The authorization URL's whole query when the platform's is not OAuth's
   * standard one (Amazon's consent page takes `application_id`, `state` and
   * `version`); default: client_id, redirect_uri, response_type, scope, state,
   * PKCE and `authorizationParams`.
   */
  authorizationQuery?(input: { resolved: ResolvedConfig; state: string; redirectUri: string }): Record<string, string>;
  /** PKCE S256 on the authorization request and the code exchange (default true; Amazon's consent takes none). */
  pkce?: boolean;
  /** The callback's name for the authorization code (Amazon: `spapi_oauth_code`); default `code`. */
  codeParameter?: string;
  /**
   * A grant ends this many days after the consent whatever its use (Amazon's
   * public apps: 365), when the token response does not say: the host warns
   * before it ends as before any hard cap, and the seller authorises again.
   */
  grantLifetimeDays?: number;
  /**
   * The account a completed authorization connected, from the callback's
   * parameters and the token response (QuickBooks' `realmId`, GoHighLevel's
   * `locationId`). A reconnect of the same account keeps its connection.
   * Throws a ValidationError when the platform sent too little to tell.
   */
  identify(callback: OAuthCallback): ConnectionIdentity;
}

export interface AuthModeDefinition<TConfig extends ConfigSchema = ConfigSchema> {
  kind: AuthKind;
  /** What an operator needs to know to set this mode up. */
  description: string;
  /** This mode's own fields (the contract adds `environment`, `region` and `baseUrl`). */
  config: TConfig;
  /** The environment variable of each field that has one; a field without one comes from stored credentials only. */
  env: Partial<Record<keyof z.input<TConfig> & string, string>>;
  /**
   * The secret this mode sends, for modes with a fixed credential: the client
   * gets it as a static token provider. Modes without it (OAuth) get their
   * token provider from the host.
   */
  credential?: (config: z.output<TConfig>) => string;
  oauth?: OAuthSpec;
}

/** Each auth mode's config schema, by mode name: what an ecosystem's types are built from. */
export type ModeConfigs = Record<string, ConfigSchema>;

/** The auth modes of an ecosystem whose mode configs are TConfigs. */
export type AuthModes<TConfigs extends ModeConfigs = ModeConfigs> = { [K in keyof TConfigs]: AuthModeDefinition<TConfigs[K]> };

export interface EnvironmentDefinition {
  /** The API's base URL, or one per region of the ecosystem's `regions`. */
  baseUrl: string | Record<string, string>;
  description?: string;
}

/** The account a call acts on, when a tenant has several (a QuickBooks company, a Google account, a seller). */
export interface Connection {
  id: string;
  displayName?: string;
  /** The platform's ids for it: `realmId`, `locationId`, `sellerId`… */
  externalIds: Record<string, string>;
}

/** An ecosystem's configuration after parsing: one auth mode's fields and where to send requests. */
export type ResolvedConfig<TConfigs extends ModeConfigs = ModeConfigs> = {
  [K in keyof TConfigs & string]: {
    mode: K;
    config: z.output<TConfigs[K]>;
    environment: string;
    region?: string;
    /** The environment's (and region's) base URL, or the configured override. */
    baseUrl: string;
    /** Re-roots an OAuth mode's endpoints at another origin (`<PREFIX>_OAUTH_BASE_URL`): for fakes and proxies. */
    oauthBaseUrl?: string;
  };
}[keyof TConfigs & string];

/** What the host gives a client besides configuration. */
export interface ClientDependencies {
  /** The access token of this call's credential: static for API keys, refreshed by the host for OAuth. */
  token: TokenProvider;
  connection?: Connection;
  logger?: Logger;
  rateLimiter?: OutboundRateLimiter;
  /** Distinguishes logs per tenant when one process serves many. */
  tenantId?: string;
  userAgent?: string;
}

/** A permission level: what a key may be granted of an ecosystem (Google's read, draft, send…; Amazon's personal data). */
export interface PermissionLevel {
  description: string;
  /** The tools this level unlocks; a level without tools gates data inside tools (`holdsLevel`). */
  tools?: string[];
  /** Held only by keys that name it; every other level is held by keys that name none of the ecosystem's. */
  explicit?: boolean;
  /**
   * The OAuth scopes a connection needs for this level (Google's). Levels
   * that declare scopes are also held per connection: a connection holds the
   * levels it was connected with whose scopes were all granted.
   */
  scopes?: string[];
}

export interface EcosystemDefinition<TConfigs extends ModeConfigs = ModeConfigs, TClient = unknown> {
  /** Lowercase id; tool names start with it. */
  id: string;
  displayName: string;
  description: string;
  /** Prefix of the contract's own variables: `<PREFIX>_AUTH_MODE`, `_ENVIRONMENT`, `_REGION`, `_BASE_URL`. */
  envPrefix: string;
  /** One or more ways to authenticate; the first is the default. */
  authModes: AuthModes<TConfigs>;
  /** Sandbox, production…; the first is the default. */
  environments: Record<string, EnvironmentDefinition>;
  /** Regions whose base URLs differ (Amazon's NA, EU, FE); the first is the default. */
  regions?: Record<string, { description: string }>;
  /** A tenant may connect several accounts; tools then take a `connection` argument. */
  connections?: 'single' | 'many';
  rateLimits: RateLimitSpec[];
  tools: AnyTool<TClient>[];
  /** Levels a key may be granted; a tool in one or more levels needs one of them, a tool in none needs none. */
  permissionLevels?: Record<string, PermissionLevel>;
  createClient(config: ResolvedConfig<TConfigs>, deps: ClientDependencies): TClient;
  /**
   * The connected account's name for people (a QuickBooks company name, a
   * Google account's email), read with a client of the new connection right
   * after it is connected, when `identify` could not tell it.
   */
  describeConnection?(client: TClient): Promise<string | undefined>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEcosystem = EcosystemDefinition<any, any>;

/** The client type an ecosystem creates. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientOf<E> = E extends EcosystemDefinition<any, infer C> ? C : never;

export function defineEcosystem<TConfigs extends ModeConfigs, TClient>(
  definition: EcosystemDefinition<TConfigs, TClient>,
): EcosystemDefinition<TConfigs, TClient> {
  const problem = definitionProblem(definition);
  if (problem) throw new TypeError(`Ecosystem "${definition.id}": ${problem}`);
  return definition;
}

function definitionProblem(definition: AnyEcosystem): string | undefined {
  const tools = definition.tools as AnyTool[];
  const misnamed = tools.filter((tool) => !tool.name.startsWith(`${definition.id}_`));
  if (misnamed.length) return `tool names must start with "${definition.id}_": ${misnamed.map((t) => t.name).join(', ')}`;
  const names = tools.map((tool) => tool.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) return `tool "${duplicate}" is defined twice`;
  const unknownTools = Object.entries(definition.permissionLevels ?? {}).flatMap(([level, def]) => (def.tools ?? []).filter((name) => !names.includes(name)).map((name) => `${level}: ${name}`));
  if (unknownTools.length) return `permission levels name tools it does not have (${unknownTools.join(', ')})`;
  if (!Object.keys(definition.authModes).length) return 'needs at least one auth mode';
  const oauthProblem = Object.entries(definition.authModes as AuthModes).map(([name, mode]) => oauthModeProblem(name, mode)).find(Boolean);
  if (oauthProblem) return oauthProblem;
  if (!Object.keys(definition.environments).length) return 'needs at least one environment';
  const regions = Object.keys(definition.regions ?? {});
  for (const [name, environment] of Object.entries(definition.environments)) {
    const missing = typeof environment.baseUrl === 'string' ? [] : regions.filter((r) => !(r in (environment.baseUrl as object)));
    if (typeof environment.baseUrl !== 'string' && !regions.length) return `environment "${name}" has base URLs per region but no regions are declared`;
    if (missing.length) return `environment "${name}" lacks a base URL for region(s) ${missing.join(', ')}`;
  }
  return undefined;
}

/**
 * The levels a caller holds of an ecosystem: those it was granted (unknown
 * names dropped), or, when it was granted none of the ecosystem's, every
 * level that is not explicit.
 */
export function heldLevels(ecosystem: Pick<AnyEcosystem, 'permissionLevels'>, granted: readonly string[] | undefined): Set<string> {
  const levels = Object.entries(ecosystem.permissionLevels ?? {});
  const named = (granted ?? []).filter((level) => levels.some(([name]) => name === level));
  return new Set(named.length ? named : levels.filter(([, level]) => !level.explicit).map(([name]) => name));
}

/** Whether a caller holding `held` may use `toolName`: it is in no level, or in one of the held ones. */
export function levelsAllowTool(ecosystem: Pick<AnyEcosystem, 'permissionLevels'>, held: ReadonlySet<string>, toolName: string): boolean {
  const needing = Object.entries(ecosystem.permissionLevels ?? {}).filter(([, level]) => level.tools?.includes(toolName));
  return needing.length === 0 || needing.some(([name]) => held.has(name));
}

/** The levels a connection is connected with (those that declare scopes); none: connections do not narrow the levels. */
export function connectionLevelNames(ecosystem: Pick<AnyEcosystem, 'permissionLevels'>): string[] {
  return Object.entries(ecosystem.permissionLevels ?? {}).filter(([, level]) => level.scopes?.length).map(([name]) => name);
}

/**
 * The levels (of those declaring scopes) whose scopes `granted` covers
 * entirely: what a connection can do after the user unticked some scopes on
 * the consent screen. In declaration order.
 */
export function levelsCoveredByScopes(levels: Record<string, PermissionLevel>, granted: readonly string[]): string[] {
  const have = new Set(granted);
  return Object.entries(levels).filter(([, level]) => level.scopes?.length && level.scopes.every((scope) => have.has(scope))).map(([name]) => name);
}

/** An OAuth mode declares its endpoints, and its config carries the app's `clientId` and `clientSecret`. */
function oauthModeProblem(name: string, mode: AuthModeDefinition): string | undefined {
  if (mode.kind !== 'oauth2') return undefined;
  if (!mode.oauth) return `auth mode "${name}" is oauth2 but declares no \`oauth\` endpoints`;
  const missing = ['clientId', 'clientSecret'].filter((field) => !(field in mode.config.shape));
  if (missing.length) return `auth mode "${name}" is oauth2, so its config needs ${missing.join(' and ')}`;
  return undefined;
}

/** The variables the contract itself reads for an ecosystem, besides its modes' fields. */
export function contractVariables(ecosystem: AnyEcosystem): Record<'authMode' | 'environment' | 'region' | 'baseUrl' | 'oauthBaseUrl', string> {
  const prefix = ecosystem.envPrefix;
  return {
    authMode: `${prefix}_AUTH_MODE`,
    environment: `${prefix}_ENVIRONMENT`,
    region: `${prefix}_REGION`,
    baseUrl: `${prefix}_BASE_URL`,
    oauthBaseUrl: `${prefix}_OAUTH_BASE_URL`,
  };
}

/** Every environment variable an ecosystem reads: its modes' fields and the contract's own. */
export function ecosystemVariables(ecosystem: AnyEcosystem): string[] {
  const own = Object.values(ecosystem.authModes as AuthModes).flatMap((mode) => Object.values(mode.env) as string[]);
  const contract = contractVariables(ecosystem);
  const chosen = [contract.authMode, contract.baseUrl];
  if (Object.keys(ecosystem.environments).length > 1) chosen.push(contract.environment);
  if (ecosystem.regions) chosen.push(contract.region);
  if (Object.values(ecosystem.authModes as AuthModes).some((mode) => mode.kind === 'oauth2')) chosen.push(contract.oauthBaseUrl);
  return [...new Set([...own, ...chosen])];
}

/**
 * Parses configuration (options, stored credentials) into one mode's fields
 * and a base URL. `mode` picks the auth mode (default: the first);
 * `environment`, `region` and `baseUrl` are the contract's own fields. Every
 * bad field is named with what it expects.
 */
export function parseEcosystemConfig<TConfigs extends ModeConfigs>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ecosystem: EcosystemDefinition<TConfigs, any>,
  input: unknown,
  nameOf: (field: string) => string = (field) => field,
): ResolvedConfig<TConfigs> {
  const { mode: modeName, environment, region, baseUrl, oauthBaseUrl, ...fields } = (input ?? {}) as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  const modeNames = Object.keys(ecosystem.authModes);
  const chosenMode = modeName === undefined ? modeNames[0]! : String(modeName);
  const mode = (ecosystem.authModes as AuthModes)[chosenMode];
  if (!mode) problems.push({ variable: nameOf('mode'), message: `must be one of ${modeNames.join(', ')} (got "${chosenMode}")` });
  const parsed = mode?.config.safeParse(fields);
  if (parsed && !parsed.success) problems.push(...problemsOf(parsed.error, nameOf));
  const place = resolvePlace(ecosystem, { environment, region, baseUrl, oauthBaseUrl }, nameOf, problems);
  if (problems.length || !parsed?.success || !place) {
    throw new ConfigurationError(`${ecosystem.displayName} configuration is invalid`, problems);
  }
  return { mode: chosenMode, config: parsed.data, ...place } as ResolvedConfig<TConfigs>;
}

function resolvePlace(
  ecosystem: AnyEcosystem,
  input: { environment?: unknown; region?: unknown; baseUrl?: unknown; oauthBaseUrl?: unknown },
  nameOf: (field: string) => string,
  problems: ConfigProblem[],
): { environment: string; region?: string; baseUrl: string; oauthBaseUrl?: string } | undefined {
  const environments = Object.keys(ecosystem.environments);
  const regions = Object.keys(ecosystem.regions ?? {});
  const environment = input.environment === undefined ? environments[0]! : String(input.environment);
  const region = regions.length ? (input.region === undefined ? regions[0]! : String(input.region)) : undefined;
  const before = problems.length;
  if (!environments.includes(environment)) {
    problems.push({ variable: nameOf('environment'), message: `must be one of ${environments.join(', ')} (got "${environment}")` });
  }
  if (input.region !== undefined && !regions.includes(String(input.region))) {
    problems.push({ variable: nameOf('region'), message: regions.length ? `must be one of ${regions.join(', ')} (got "${String(input.region)}")` : 'is not used by this platform' });
  }
  const override = input.baseUrl === undefined ? undefined : z.url().safeParse(input.baseUrl);
  if (override && !override.success) problems.push({ variable: nameOf('baseUrl'), message: 'must be a URL such as https://api.example.com' });
  const oauthOverride = input.oauthBaseUrl === undefined ? undefined : z.url().safeParse(input.oauthBaseUrl);
  if (oauthOverride && !oauthOverride.success) problems.push({ variable: nameOf('oauthBaseUrl'), message: 'must be a URL such as https://oauth.example.com' });
  if (problems.length > before) return undefined;
  const declared = ecosystem.environments[environment]!.baseUrl;
  const baseUrl = override?.data ?? (typeof declared === 'string' ? declared : declared[region!]!);
  return { environment, ...(region ? { region } : {}), baseUrl, ...(oauthOverride ? { oauthBaseUrl: oauthOverride.data } : {}) };
}

export type EcosystemEnvConfig<TConfigs extends ModeConfigs = ModeConfigs> =
  | { status: 'enabled'; config: ResolvedConfig<TConfigs> }
  | { status: 'disabled'; reason: string }
  | { status: 'invalid'; error: ConfigurationError };

/**
 * Reads an ecosystem's configuration from environment variables. The mode is
 * `<PREFIX>_AUTH_MODE`, else the first mode whose variables are set. No
 * variable set means the ecosystem is disabled (not broken); some set but
 * wrong means invalid, naming each variable.
 */
export function readEcosystemEnv<TConfigs extends ModeConfigs>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ecosystem: EcosystemDefinition<TConfigs, any>,
  env: Record<string, string | undefined>,
): EcosystemEnvConfig<TConfigs> {
  const contract = contractVariables(ecosystem);
  const read = (variable: string) => (env[variable] === '' ? undefined : env[variable]);
  const modeName = read(contract.authMode) ?? modeWithVariablesSet(ecosystem, read);
  if (modeName === undefined) return { status: 'disabled', reason: `none of ${credentialVariables(ecosystem).join(', ')} is set` };
  const mode = (ecosystem.authModes as AuthModes)[modeName];
  const variables: Record<string, string> = {
    ...(mode?.env as Record<string, string>),
    environment: contract.environment,
    region: contract.region,
    baseUrl: contract.baseUrl,
    oauthBaseUrl: contract.oauthBaseUrl,
    mode: contract.authMode,
  };
  const input: Record<string, string> = {};
  for (const [field, variable] of Object.entries(variables)) {
    const value = read(variable);
    if (value !== undefined && field !== 'mode') input[field] = value;
  }
  try {
    const config = parseEcosystemConfig(ecosystem, { ...input, mode: modeName }, (field) => variables[field] ?? field);
    return { status: 'enabled', config };
  } catch (error) {
    if (error instanceof ConfigurationError) return { status: 'invalid', error };
    throw error;
  }
}

/** The variables that carry credentials (not the contract's place settings), for "set one of …" messages. */
function credentialVariables(ecosystem: AnyEcosystem): string[] {
  return [...new Set(Object.values(ecosystem.authModes as AuthModes).flatMap((mode) => Object.values(mode.env) as string[]))];
}

/**
 * The first mode (in declaration order) whose variables make a valid config;
 * failing that, the mode with the most variables set, so its errors can be
 * named; none when no variable of any mode is set.
 */
function modeWithVariablesSet(ecosystem: AnyEcosystem, read: (variable: string) => string | undefined): string | undefined {
  let best: { name: string; set: number } | undefined;
  for (const [name, mode] of Object.entries(ecosystem.authModes as AuthModes)) {
    const input = Object.fromEntries(Object.entries(mode.env as Record<string, string>).flatMap(([field, variable]) => (read(variable) === undefined ? [] : [[field, read(variable)]])));
    const set = Object.keys(input).length;
    if (set > 0 && mode.config.safeParse(input).success) return name;
    if (set > 0 && (!best || set > best.set)) best = { name, set };
  }
  return best?.name;
}

function problemsOf(error: z.ZodError, nameOf: (field: string) => string): ConfigProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const variable = field ? nameOf(field) : '(config)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return { variable, message };
  });
}

/**
 * The token provider a mode implies: a static one for modes with a fixed
 * credential; for the others (OAuth), the host's provider, or one that says
 * an account must be connected first.
 */
export function tokenProviderFor(ecosystem: AnyEcosystem, resolved: ResolvedConfig, hostProvider?: TokenProvider): TokenProvider {
  if (hostProvider) return hostProvider;
  const mode = (ecosystem.authModes as AuthModes)[resolved.mode]!;
  if (mode.credential) return staticToken(mode.credential(resolved.config));
  const missing = new CredentialsMissingError(`${ecosystem.displayName} has no connected account for this tenant`, {
    platform: ecosystem.displayName,
    hint: `connect one first (auth mode "${resolved.mode}" gets its tokens from the server's connections)`,
  });
  return { getToken: () => Promise.reject(missing), invalidate: () => false };
}

/** A resolved configuration as parse input again (`mode`, the mode's fields, the place), for storing it. */
export function configInput(resolved: ResolvedConfig): Record<string, unknown> {
  const { mode, config, environment, region, baseUrl, oauthBaseUrl } = resolved;
  return { mode, ...(config as Record<string, unknown>), environment, ...(region ? { region } : {}), baseUrl, ...(oauthBaseUrl ? { oauthBaseUrl } : {}) };
}

/**
 * The digest that keys a credential's budgets: the same credential (or OAuth
 * connection) gives the same key whichever tenant uses it, and the secret
 * never reaches a limiter or a log.
 */
export function credentialKeyFor(ecosystem: AnyEcosystem, resolved: ResolvedConfig, connection?: Pick<Connection, 'id'>): string {
  const mode = (ecosystem.authModes as AuthModes)[resolved.mode];
  const identity = connection?.id ?? mode?.credential?.(resolved.config) ?? JSON.stringify(resolved.config);
  return credentialKey(ecosystem.id, resolved.mode, resolved.baseUrl, identity);
}

/** Creates an ecosystem's client with the token provider its mode implies (see `tokenProviderFor`). */
export function createEcosystemClient<E extends AnyEcosystem>(
  ecosystem: E,
  resolved: ResolvedConfig,
  deps: Omit<ClientDependencies, 'token'> & { token?: TokenProvider } = {},
): ClientOf<E> {
  return ecosystem.createClient(resolved, { ...deps, token: tokenProviderFor(ecosystem, resolved, deps.token) }) as ClientOf<E>;
}
