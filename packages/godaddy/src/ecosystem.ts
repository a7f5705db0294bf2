import { defineEcosystem, type ResolvedConfig } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GODADDY_BASE_URLS, GoDaddyClient } from './client.js';
import { dnsTools } from './dns.tools.js';
import { domainTools } from './domains.tools.js';
import { nameserverTools } from './nameservers.tools.js';

/** The fields of the `key` auth mode (the contract adds `environment` and `baseUrl`). */
export const godaddyKeyConfigSchema = z.object({
  apiKey: z.string().min(1).describe('GoDaddy API key (developer.godaddy.com/keys); a key works in the environment it was made for only'),
  apiSecret: z.string().min(1).describe('The secret of that API key'),
  shopperId: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a GoDaddy shopper (customer) number such as 123456789')
    .optional()
    .describe('Sent as X-Shopper-Id: the shopper whose domains to manage; resellers set a subaccount, others leave it out'),
});

export type GoDaddyKeyConfig = z.output<typeof godaddyKeyConfigSchema>;

/** GoDaddy's auth modes by name: what the ecosystem's config and fake types are built from. */
export type GoDaddyModeConfigs = { key: typeof godaddyKeyConfigSchema };

export type GoDaddyResolvedConfig = ResolvedConfig<GoDaddyModeConfigs>;

export const godaddyEcosystem = defineEcosystem<GoDaddyModeConfigs, GoDaddyClient>({
  id: 'godaddy',
  displayName: 'GoDaddy',
  description:
    'GoDaddy domains: list and inspect domains, check availability and prices (one or 500 at once), suggest names, manage DNS records (by name, by type or the whole zone) and nameservers.',
  envPrefix: 'GODADDY',
  authModes: {
    key: {
      kind: 'api-key',
      description: 'An API key and its secret from developer.godaddy.com/keys, sent as "Authorization: sso-key <key>:<secret>"',
      config: godaddyKeyConfigSchema,
      env: { apiKey: 'GODADDY_API_KEY', apiSecret: 'GODADDY_API_SECRET', shopperId: 'GODADDY_SHOPPER_ID' },
      credential: (config) => `${config.apiKey}:${config.apiSecret}`,
    },
  },
  environments: {
    production: { baseUrl: GODADDY_BASE_URLS.production, description: 'api.godaddy.com, the live registrar' },
    ote: { baseUrl: GODADDY_BASE_URLS.ote, description: "GoDaddy's test environment (OTE); it needs an OTE key" },
  },
  rateLimits: [
    {
      points: 60,
      durationSeconds: 60,
      scope: 'credential',
      perOperation: true,
      description:
        'GoDaddy allows 60 requests per minute on each API endpoint (method and path template, e.g. GET /v1/domains/{domain}/records/{type}) ' +
        'per API key, and answers 429 with retryAfterSec beyond it; every request names its endpoint as its operation',
    },
  ],
  tools: [...domainTools, ...dnsTools, ...nameserverTools],
  createClient: (resolved, deps) => new GoDaddyClient(resolved, deps),
});
