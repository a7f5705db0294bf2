import { defineEcosystem, ValidationError, type OAuthSpec, type RateLimitSpec, type ResolvedConfig } from '@enterprise-mcp/core';
import { z } from 'zod';
import { accountTools } from './accounts.tools.js';
import { billTools } from './bills.tools.js';
import { QUICKBOOKS_BASE_URLS, QuickBooksClient } from './client.js';
import { getCompanyInfo } from './company.api.js';
import { companyTools } from './company.tools.js';
import { customerTools } from './customers.tools.js';
import { PLATFORM } from './errors.js';
import { estimateTools } from './estimates.tools.js';
import { invoiceTools } from './invoices.tools.js';
import { itemTools } from './items.tools.js';
import { paymentTools } from './payments.tools.js';
import { queryTools } from './query.tools.js';
import { reportTools } from './reports.tools.js';
import { salesReceiptTools } from './sales-receipts.tools.js';
import { vendorTools } from './vendors.tools.js';

/** The OAuth app companies are connected through (developer.intuit.com › your app › Keys & credentials). */
export const quickbooksOAuthConfig = z.object({
  clientId: z.string().min(1).describe('Client ID of your Intuit app (Keys & credentials; sandbox and production keys differ)'),
  clientSecret: z.string().min(1).describe('Client Secret of your Intuit app'),
});

export type QuickBooksOAuthConfig = z.output<typeof quickbooksOAuthConfig>;

/** Each auth mode's config schema, by mode name. */
export type QuickBooksModeConfigs = { oauth: typeof quickbooksOAuthConfig };

export type QuickBooksResolvedConfig = ResolvedConfig<QuickBooksModeConfigs>;

/**
 * Intuit's OAuth 2.0 (the same endpoints for sandbox and production). Every refresh may return a
 * new refresh token and kill the old one, so it is stored before use; the opt-in header makes
 * the token endpoint report the refresh token's 5-year hard cap. The company (realm) is named
 * only in the callback's `realmId`, never in the token response.
 */
export const QUICKBOOKS_OAUTH: OAuthSpec = {
  authorizationUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revocationUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  scopes: ['com.intuit.quickbooks.accounting'],
  rotatesRefreshTokens: true,
  clientAuthentication: 'client_secret_basic',
  tokenHeaders: { 'x-include-refresh-token-hard-expires-in': 'true' },
  identify: ({ params }) => {
    const realmId = params['realmId'];
    if (!realmId) {
      throw new ValidationError('QuickBooks sent no realmId with the authorization: no company was connected', [{ path: 'realmId', message: 'missing from the callback' }], {
        platform: PLATFORM,
        hint: 'connect again and choose a company; the app must ask for the com.intuit.quickbooks.accounting scope',
      });
    }
    return { externalIds: { realmId }, accountKind: 'company' };
  },
};

/** Intuit's limits per company (realm) and app; the host keys credential budgets by connection, which is one realm. */
export const QUICKBOOKS_RATE_LIMITS: RateLimitSpec[] = [
  { points: 500, durationSeconds: 60, scope: 'credential', description: 'QuickBooks Online: 500 requests per minute per company and app' },
  { points: 10, durationSeconds: 1, scope: 'credential', description: 'QuickBooks Online: 10 requests per second per company and app' },
];

export const quickbooksEcosystem = defineEcosystem<QuickBooksModeConfigs, QuickBooksClient>({
  id: 'quickbooks',
  displayName: 'QuickBooks',
  description:
    'QuickBooks Online accounting of connected companies: the query language, customers, vendors, items and accounts, invoices (send, PDF, void), payments, bills, estimates, sales receipts, and financial reports.',
  envPrefix: 'QUICKBOOKS',
  authModes: {
    oauth: {
      kind: 'oauth2',
      description:
        'OAuth 2.0 authorization code through your Intuit app: each tenant connects its companies, the server keeps their rotating refresh tokens; each connection carries its realmId.',
      config: quickbooksOAuthConfig,
      env: { clientId: 'QUICKBOOKS_CLIENT_ID', clientSecret: 'QUICKBOOKS_CLIENT_SECRET' },
      oauth: QUICKBOOKS_OAUTH,
    },
  },
  // Production first, as every package: a sandbox is chosen on purpose (QUICKBOOKS_ENVIRONMENT=sandbox), never by default.
  environments: {
    production: { baseUrl: QUICKBOOKS_BASE_URLS.production, description: 'Live companies, with production keys' },
    sandbox: { baseUrl: QUICKBOOKS_BASE_URLS.sandbox, description: 'Sandbox companies of your developer account, with development keys' },
  },
  connections: 'many',
  rateLimits: QUICKBOOKS_RATE_LIMITS,
  tools: [
    ...queryTools,
    ...companyTools,
    ...customerTools,
    ...vendorTools,
    ...itemTools,
    ...accountTools,
    ...invoiceTools,
    ...paymentTools,
    ...billTools,
    ...estimateTools,
    ...salesReceiptTools,
    ...reportTools,
  ],
  createClient: (resolved, deps) => new QuickBooksClient({ ...deps, baseUrl: resolved.baseUrl }),
  describeConnection: async (client) => (await getCompanyInfo(client)).CompanyName as string | undefined,
});
