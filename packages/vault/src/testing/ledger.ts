/**
 * "Ledger": a small OAuth platform for the vault's and the server's tests,
 * until the real OAuth ecosystems' fakes take over. It is shaped like
 * QuickBooks where the vault cares: rotating refresh tokens, the company id
 * in the callback, QuickBooks' extra token fields (`x_refresh_token_expires_in`,
 * `x_refresh_token_hard_expires_in` when asked with a header), a revocation
 * endpoint, and several companies per tenant. One API route answers with the
 * company a token was granted for.
 */
import { z } from 'zod';
import {
  createHttpClient,
  defineEcosystem,
  toolDefinerFor,
  ValidationError,
  type ClientDependencies,
  type HttpClient,
  type ResolvedConfig,
} from '@enterprise-mcp/core';
import {
  createFakeOAuthProvider,
  FAKE_OAUTH_CLIENT,
  startFakeServer,
  type FakeOAuthOptions,
  type FakeOAuthProvider,
  type FakeServer,
} from '@enterprise-mcp/core/testing';

export interface LedgerClient {
  http: HttpClient;
  companyId: string;
}

const ledgerTool = toolDefinerFor<LedgerClient>();

export const getCompany = ledgerTool({
  name: 'ledger_get_company',
  title: 'Get the connected Ledger company',
  description: 'The name and id of the Ledger company this connection acts on.',
  input: z.object({}),
  output: z.object({ id: z.string().describe('Company id'), name: z.string().describe('Company name') }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  cache: false,
  // The call's signal, as every real ecosystem passes it: cancellation, and the call's request id on upstream and refresh log lines.
  handler: async (_input, ctx) => ctx.client.http.get<{ id: string; name: string }>(`companies/${encodeURIComponent(ctx.client.companyId)}`, { signal: ctx.signal }),
});

const ledgerOAuthConfig = z.object({
  clientId: z.string().min(1).describe('OAuth app client id'),
  clientSecret: z.string().min(1).describe('OAuth app client secret'),
});

export const HARD_CAP_SECONDS = 5 * 365 * 86_400;
export const ROLLING_SECONDS = 100 * 86_400;

export const ledgerEcosystem = defineEcosystem({
  id: 'ledger',
  displayName: 'Ledger',
  description: 'A test accounting platform whose accounts are connected through OAuth',
  envPrefix: 'LEDGER',
  connections: 'many',
  authModes: {
    oauth: {
      kind: 'oauth2',
      description: 'An OAuth app; each company is a connection',
      config: ledgerOAuthConfig,
      env: { clientId: 'LEDGER_CLIENT_ID', clientSecret: 'LEDGER_CLIENT_SECRET' },
      oauth: {
        authorizationUrl: 'https://appcenter.ledger.example/connect/oauth2',
        tokenUrl: 'https://oauth.ledger.example/oauth2/v1/tokens/bearer',
        revocationUrl: 'https://oauth.ledger.example/oauth2/v1/tokens/revoke',
        scopes: ['com.ledger.accounting'],
        rotatesRefreshTokens: true,
        tokenHeaders: { 'x-include-refresh-token-hard-expires-in': 'true' },
        identify: ({ params }) => {
          if (!params['companyId']) throw new ValidationError('Ledger sent no companyId with the authorization');
          return { externalIds: { companyId: params['companyId'] }, accountKind: 'company' };
        },
      },
    },
  },
  environments: { production: { baseUrl: 'https://api.ledger.example/v1' } },
  rateLimits: [],
  tools: [getCompany],
  createClient: (resolved: ResolvedConfig, deps: ClientDependencies): LedgerClient => ({
    http: createHttpClient({ platform: 'Ledger', baseUrl: resolved.baseUrl, auth: { token: deps.token }, logger: deps.logger, retries: 0 }),
    companyId: deps.connection?.externalIds['companyId'] ?? '',
  }),
  describeConnection: async (client: LedgerClient) => (await client.http.get<{ name: string }>(`companies/${encodeURIComponent(client.companyId)}`)).name,
});

/**
 * Ledger's permission levels, each with the OAuth scope it needs: with them a
 * connection holds levels (those it was connected with whose scopes were
 * granted), as Google's do.
 */
export const LEDGER_LEVELS = {
  read: { description: 'Read the books', tools: ['ledger_get_company'], scopes: ['com.ledger.accounting'] },
  pay: { description: 'Make payments', scopes: ['com.ledger.payments'] },
};

/** Ledger whose connections hold permission levels. */
export const levelledLedgerEcosystem = defineEcosystem({ ...ledgerEcosystem, permissionLevels: LEDGER_LEVELS });

export const LEDGER_COMPANIES = [
  { id: '9130', label: 'Acme Books Ltd' },
  { id: '4620', label: 'Globex <Holdings> & "Sons"' },
];

export interface LedgerFake {
  server: FakeServer;
  provider: FakeOAuthProvider;
  /** The origin the OAuth endpoints are re-rooted at (`LEDGER_OAUTH_BASE_URL`). */
  oauthBaseUrl: string;
  /** The API's base URL (`LEDGER_BASE_URL`). */
  baseUrl: string;
  /** The environment that points the ecosystem at this fake. */
  env: Record<string, string>;
  /** The same as a configuration input (`parseEcosystemConfig`). */
  config: Record<string, string>;
  /** Calls answered by the API route, per company. */
  apiCalls: Record<string, number>;
  close(): Promise<void>;
}

/** Starts Ledger's fake: core's fake OAuth provider at QuickBooks-like paths plus `GET /v1/companies/:id`. */
export async function startLedgerFake(options: Partial<Pick<FakeOAuthOptions, 'accessTokenTtlSeconds' | 'now' | 'rotateRefreshTokens'>> = {}): Promise<LedgerFake> {
  const apiCalls: Record<string, number> = {};
  const provider = createFakeOAuthProvider({
    paths: { authorize: '/connect/oauth2', token: '/oauth2/v1/tokens/bearer', revoke: '/oauth2/v1/tokens/revoke' },
    accounts: LEDGER_COMPANIES,
    scopes: ['com.ledger.accounting', 'com.ledger.payments'],
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    refreshTokenTtlSeconds: ROLLING_SECONDS,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    ...(options.now ? { now: options.now } : {}),
    callbackParams: (grant) => ({ companyId: grant.account.id }),
    tokenFields: (_grant, request) => ({
      x_refresh_token_expires_in: ROLLING_SECONDS,
      ...(request.headers['x-include-refresh-token-hard-expires-in'] === 'true' ? { x_refresh_token_hard_expires_in: HARD_CAP_SECONDS } : {}),
    }),
  });
  const server = await startFakeServer({
    routes: [
      ...provider.routes,
      {
        method: 'GET',
        path: '/v1/companies/:id',
        handler: (request) => {
          const bearer = String(request.headers['authorization'] ?? '').replace(/^Bearer /, '');
          const grant = provider.verifyAccessToken(bearer);
          if (!grant) return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: { error: 'invalid_token' } };
          if (grant.account.id !== request.params['id']) return { status: 403, body: { error: 'this token is for another company' } };
          apiCalls[grant.account.id] = (apiCalls[grant.account.id] ?? 0) + 1;
          return { status: 200, body: { id: grant.account.id, name: grant.account.label } };
        },
      },
    ],
  });
  const oauthBaseUrl = server.url;
  const baseUrl = `${server.url}/v1`;
  return {
    server,
    provider,
    oauthBaseUrl,
    baseUrl,
    env: { LEDGER_CLIENT_ID: FAKE_OAUTH_CLIENT.clientId, LEDGER_CLIENT_SECRET: FAKE_OAUTH_CLIENT.clientSecret, LEDGER_OAUTH_BASE_URL: oauthBaseUrl, LEDGER_BASE_URL: baseUrl },
    config: { mode: 'oauth', clientId: FAKE_OAUTH_CLIENT.clientId, clientSecret: FAKE_OAUTH_CLIENT.clientSecret, oauthBaseUrl, baseUrl },
    apiCalls,
    close: () => server.close(),
  };
}
