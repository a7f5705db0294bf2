import { CredentialsMissingError, defineEcosystem, type OAuthSpec, type ResolvedConfig, type TokenProvider } from '@enterprise-mcp/core';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { calendarTools } from './calendar.tools.js';
import { docsTools } from './docs.tools.js';
import { driveTools } from './drive.tools.js';
import { sheetsTools } from './sheets.tools.js';
import { GOOGLE_BASE_URL, GoogleClient } from './client.js';
import { about } from './drive.api.js';
import { PLATFORM } from './errors.js';
import { getProfile } from './gmail.api.js';
import { gmailTools } from './gmail.tools.js';
import { ALL_PERMISSION_LEVELS, GOOGLE_PERMISSIONS, googleScopesForLevels, isPermissionLevel, parsePermissionLevels, type PermissionLevel } from './permissions.js';
import { GOOGLE_RATE_LIMITS } from './rate-limits.js';
import { IDENTITY_SCOPES } from './scopes.js';
import { GOOGLE_TOKEN_URL, parseServiceAccountKey, serviceAccountToken } from './service-account.js';

const levels = z
  .string()
  .optional()
  .refine((value) => value === undefined || tryLevels(value), { message: 'must list permission levels: read, organize, draft, send, write, share, delete (comma-separated)' })
  .describe('Permission levels this deployment may use, comma-separated (default all): read, organize, draft, send, write, share, delete');

const allowedRecipientDomains = z
  .string()
  .optional()
  .describe('Domains (example.com) or addresses mail may be sent and files shared to, comma-separated; unset allows any');

export const googleOAuthConfig = z.object({
  clientId: z.string().min(1).describe('OAuth client id of the Google Cloud project (APIs & Services › Credentials › OAuth client, type Web application)'),
  clientSecret: z.string().min(1).describe('OAuth client secret of that client'),
  levels,
  allowedRecipientDomains,
});

export const googleServiceAccountConfig = z.object({
  serviceAccountKey: z.string().min(1).describe('The service account’s JSON key file, as downloaded (IAM › Service accounts › Keys)'),
  subject: z.email().optional().describe('Workspace user to act as when a call names no connection (domain-wide delegation)'),
  levels,
  allowedRecipientDomains,
});

export type GoogleModeConfigs = { oauth: typeof googleOAuthConfig; serviceAccount: typeof googleServiceAccountConfig };
export type GoogleOAuthConfig = z.output<typeof googleOAuthConfig>;
export type GoogleServiceAccountConfig = z.output<typeof googleServiceAccountConfig>;

/**
 * User OAuth: offline access with a refresh token (`prompt=consent`, since
 * Google sends one only when the consent screen is shown), incremental scopes,
 * and `openid email` so the token response's id_token names the account.
 * Google does not rotate refresh tokens. A connection asks only for the
 * scopes of the levels it is connected with, among those this deployment
 * allows (GOOGLE_PERMISSION_LEVELS); it holds those whose scopes were all
 * granted, since a person may untick some on Google's consent screen.
 */
export const GOOGLE_OAUTH: OAuthSpec = {
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: GOOGLE_TOKEN_URL,
  revocationUrl: 'https://oauth2.googleapis.com/revoke',
  scopes: googleScopesForLevels(ALL_PERMISSION_LEVELS),
  // The chosen levels (a connect link's `levels`), else every level the deployment allows.
  scopesFor: (resolved, chosen) => googleScopesForLevels(chosen ? chosen.filter(isPermissionLevel) : googleLevelsOf(resolved as ResolvedConfig<GoogleModeConfigs>)),
  allowedLevels: (resolved) => googleLevelsOf(resolved as ResolvedConfig<GoogleModeConfigs>),
  rotatesRefreshTokens: false,
  clientAuthentication: 'client_secret_post',
  authorizationParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  identify: ({ tokens }) => {
    const claims = claimsOf(tokens.raw['id_token']);
    const email = typeof claims['email'] === 'string' ? claims['email'] : undefined;
    const sub = typeof claims['sub'] === 'string' ? claims['sub'] : undefined;
    // Without an id_token (openid not granted) describeConnection reads the email with the new connection's client.
    return { externalIds: { ...(email ? { email } : {}), ...(sub ? { sub } : {}) }, accountKind: 'account', ...(email ? { displayName: email } : {}) };
  },
};

/** The levels a resolved config allows (all when it names none). */
export function googleLevelsOf(resolved: ResolvedConfig<GoogleModeConfigs>): PermissionLevel[] {
  return resolved.config.levels ? parsePermissionLevels(resolved.config.levels) : ALL_PERMISSION_LEVELS;
}

export const googleEcosystem = defineEcosystem<GoogleModeConfigs, GoogleClient>({
  id: 'google',
  displayName: 'Google Workspace',
  description: 'Google Workspace for one or more accounts: Gmail (search, read, label, draft, send), Calendar (events, free/busy, free slots), Drive (search, read, organise, share), Sheets and Docs.',
  envPrefix: 'GOOGLE',
  authModes: {
    oauth: {
      kind: 'oauth2',
      description: 'User OAuth 2.0 (authorization code with PKCE, offline refresh tokens kept in the server’s vault); each connected Google account is a connection.',
      config: googleOAuthConfig,
      env: { clientId: 'GOOGLE_CLIENT_ID', clientSecret: 'GOOGLE_CLIENT_SECRET', levels: 'GOOGLE_PERMISSION_LEVELS', allowedRecipientDomains: 'GOOGLE_ALLOWED_RECIPIENT_DOMAINS' },
      oauth: GOOGLE_OAUTH,
    },
    serviceAccount: {
      kind: 'service-account',
      description:
        'A service account with domain-wide delegation (Workspace): the package signs a JWT per impersonated user (the connection’s externalIds.email, else GOOGLE_IMPERSONATE_USER) and trades it for an access token; no refresh token.',
      config: googleServiceAccountConfig,
      env: {
        serviceAccountKey: 'GOOGLE_SERVICE_ACCOUNT_KEY',
        subject: 'GOOGLE_IMPERSONATE_USER',
        levels: 'GOOGLE_PERMISSION_LEVELS',
        allowedRecipientDomains: 'GOOGLE_ALLOWED_RECIPIENT_DOMAINS',
      },
      // The fixed credential is the key: it keys budgets and the server's credential cache. The client
      // never sends it; it signs assertions with it (createClient below).
      credential: (config) => config.serviceAccountKey,
    },
  },
  environments: { production: { baseUrl: GOOGLE_BASE_URL } },
  connections: 'many',
  rateLimits: GOOGLE_RATE_LIMITS,
  tools: [...gmailTools, ...calendarTools, ...driveTools, ...sheetsTools, ...docsTools],
  // What a key may be granted (`keys create --permissions google:read,google:draft`) and a connection connected with
  // (`connect google --levels read,draft`): each level's tools and scopes.
  permissionLevels: GOOGLE_PERMISSIONS,
  createClient: (resolved, deps) => {
    const allowed = resolved.config.allowedRecipientDomains?.split(/[\s,]+/).filter(Boolean) ?? [];
    if (resolved.mode === 'oauth') return new GoogleClient({ ...deps, baseUrl: resolved.baseUrl, allowedRecipientDomains: allowed });
    const subject = deps.connection?.externalIds['email'] ?? resolved.config.subject;
    return new GoogleClient({
      ...deps,
      token: subject ? serviceAccountProvider(resolved, subject) : noSubject(),
      baseUrl: resolved.baseUrl,
      account: subject,
      allowedRecipientDomains: allowed,
    });
  },
  describeConnection: async (client) => {
    const profile = await getProfile(client).catch(() => undefined);
    if (profile?.emailAddress) return profile.emailAddress;
    return (await about(client).catch(() => undefined))?.user?.emailAddress;
  },
});

function serviceAccountProvider(resolved: ResolvedConfig<GoogleModeConfigs>, subject: string): TokenProvider {
  const key = parseServiceAccountKey((resolved.config as GoogleServiceAccountConfig).serviceAccountKey);
  // `GOOGLE_OAUTH_BASE_URL` re-roots the token endpoint too (a proxy, the fake); else the key file's token_uri.
  const tokenUrl = resolved.oauthBaseUrl ? new URL(new URL(key.token_uri ?? GOOGLE_TOKEN_URL).pathname, resolved.oauthBaseUrl).toString() : key.token_uri;
  const scopes = googleScopesForLevels(googleLevelsOf(resolved)).filter((scope) => !IDENTITY_SCOPES.includes(scope));
  return serviceAccountToken({ key, subject, scopes, tokenUrl });
}

function noSubject(): TokenProvider {
  const missing = new CredentialsMissingError('The Google service account has no user to act as', {
    platform: PLATFORM,
    hint: 'name the Workspace user: a connection whose externalIds.email is the user, or GOOGLE_IMPERSONATE_USER',
  });
  return { getToken: () => Promise.reject(missing), invalidate: () => false };
}

function claimsOf(idToken: unknown): Record<string, unknown> {
  if (typeof idToken !== 'string') return {};
  try {
    // The id_token came straight from Google's token endpoint over TLS: its claims need no signature check (OpenID Connect Core 3.1.3.7).
    return decodeJwt(idToken);
  } catch {
    return {};
  }
}

function tryLevels(value: string): boolean {
  try {
    parsePermissionLevels(value);
    return true;
  } catch {
    return false;
  }
}
