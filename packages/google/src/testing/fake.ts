import { refreshingToken, type Connection, type TokenProvider } from '@enterprise-mcp/core';
import { startFakeServer, type FakeFailure, type FakeRequest, type FakeServer, type RunningFake } from '@enterprise-mcp/core/testing';
import type { GoogleModeConfigs } from '../ecosystem.js';
import { calendarRoutes } from './calendar.routes.js';
import type { FakeContext } from './context.js';
import { fileRoutes } from './files.routes.js';
import { gmailRoutes } from './gmail.routes.js';
import { createGoogleOAuth, FAKE_OAUTH_CLIENT, subOf, type FakeGoogleUser, type Grant, type GoogleOAuth } from './oauth.js';
import { googleError } from './respond.js';
import { applyDemoSeed, DEMO_USERS, emptyState, type GoogleFakeState } from './state.js';

export interface GoogleFakeOptions {
  /** The Workspace users (default ada@example.com and bob@example.com). */
  users?: FakeGoogleUser[];
  /** `false` starts with empty mailboxes and calendars; default the demo seed. */
  seed?: boolean;
  /** Drive and Calendar lists answer short and empty pages with a nextPageToken (default true, as Google may). */
  shortPages?: boolean;
  /** An OAuth app in "Testing" status: refresh tokens die after 7 days. */
  testingApp?: boolean;
  /** Scopes delegated to the service account in the Admin console (default every level's). */
  delegatedScopes?: string[];
  now?: () => number;
}

/** What `startFake()` returns: core's RunningFake for both auth modes, and the fake's own handles. */
export interface GoogleFake extends RunningFake<GoogleModeConfigs> {
  url: string;
  configs: {
    /** The OAuth app; tokens come from `token` (as the host's vault gives them), its account from `connection`. */
    oauth: { clientId: string; clientSecret: string; baseUrl: string };
    /** A service account with domain-wide delegation, its key's token_uri at the fake, acting as the first user. */
    serviceAccount: { serviceAccountKey: string; subject: string; baseUrl: string };
  };
  /** `<PREFIX>_OAUTH_BASE_URL` for a host's connect flow: the fake's authorize, token and revoke endpoints. */
  oauthBaseUrl: string;
  token: TokenProvider;
  connection: Connection;
  /** An access token for `email` with exactly `scopes` (default all), e.g. to test a missing permission. */
  tokenFor(email: string, scopes?: string[]): string;
  oauth: GoogleOAuth;
  users: FakeGoogleUser[];
  state: GoogleFakeState;
  /** Empties the state and seeds it again (the demo seed unless `seed: false`). */
  reset(seed?: boolean): void;
  requests: FakeRequest[];
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const OAUTH_PATHS = new Set(['/token', '/revoke', '/o/oauth2/v2/auth']);

/**
 * Starts a loopback fake of Google Workspace: Google's OAuth endpoints (code
 * flow, refresh without rotation, the service account's JWT bearer grant) and
 * stateful Gmail, Calendar, Drive, Sheets and Docs at their discovery paths,
 * each request checked for its method's scopes and against the discovery
 * schemas.
 */
export async function startFake(options: GoogleFakeOptions = {}): Promise<GoogleFake> {
  const users = options.users ?? DEMO_USERS;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const oauth = createGoogleOAuth({ users, now, testingApp: options.testingApp, delegatedScopes: options.delegatedScopes });
  const grants = new WeakMap<FakeRequest, Grant>();
  const state = emptyState(users);
  const seedState = (seed = options.seed !== false) => {
    Object.assign(state, emptyState(users));
    if (seed) applyDemoSeed(state, startedAt);
  };
  seedState();

  const ctx: FakeContext = {
    state,
    now,
    shortPages: options.shortPages ?? true,
    grantOf: (request) => grants.get(request) ?? { email: '', scopes: new Set() },
    derive: (from, into) => {
      const grant = grants.get(from);
      if (grant) grants.set(into, grant);
      return into;
    },
  };

  const server: FakeServer = await startFakeServer({
    routes: [...oauth.routes, ...gmailRoutes(ctx), ...calendarRoutes(ctx), ...fileRoutes(ctx)],
    before: (request) => {
      if (OAUTH_PATHS.has(request.path)) return undefined;
      const token = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
      const grant = token ? oauth.verify(token) : undefined;
      if (!grant) {
        return googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
          reason: 'authError',
          location: 'Authorization',
          locationType: 'header',
          headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
        });
      }
      grants.set(request, grant);
      return undefined;
    },
    notFound: (request) => googleError(404, `The requested URL ${request.path} was not found on this server.`),
  });

  const primary = users[0]!;
  const token = refreshingToken(async () => ({ value: oauth.issueToken(primary.email), expiresAt: new Date(now() + 3599_000) }), { now });
  return {
    url: server.url,
    configs: {
      oauth: { clientId: FAKE_OAUTH_CLIENT.clientId, clientSecret: FAKE_OAUTH_CLIENT.clientSecret, baseUrl: server.url },
      serviceAccount: { serviceAccountKey: oauth.serviceAccountKey(`${server.url}/token`), subject: primary.email, baseUrl: server.url },
    },
    oauthBaseUrl: server.url,
    token,
    connection: { id: DEMO_CONNECTION_ID, displayName: primary.email, externalIds: { email: primary.email, sub: subOf(primary.email) } },
    tokenFor: (email, scopes) => oauth.issueToken(email, scopes),
    oauth,
    users,
    state,
    reset: seedState,
    requests: server.requests,
    failNext: (failure) => server.failNext(failure),
    setLatency: (ms) => server.setLatency(ms),
    close: () => server.close(),
  };
}

export const DEMO_CONNECTION_ID = 'google-demo-ada';
