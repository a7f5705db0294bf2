import { defineEcosystem } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GoDaddyClient } from './client.js';
import { dnsTools } from './dns.tools.js';
import { domainTools } from './domains.tools.js';
import { nameserverTools } from './nameservers.tools.js';

export const godaddyConfigSchema = z.object({
  apiKey: z.string().min(1).describe('GoDaddy API key (developer.godaddy.com/keys)'),
  apiSecret: z.string().min(1).describe('The secret of that API key'),
  environment: z
    .enum(['production', 'ote'])
    .default('production')
    .describe('production (api.godaddy.com) or ote, GoDaddy\'s test environment (api.ote-godaddy.com); keys work in one only'),
  baseUrl: z.url().optional().describe('Overrides the environment\'s base URL (a proxy, or the fake in tests and demo mode)'),
  shopperId: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a GoDaddy shopper (customer) number such as 123456789')
    .optional()
    .describe('Sent as X-Shopper-Id: the shopper whose domains to manage; resellers set a subaccount, others leave it out'),
});

export type GoDaddyConfig = z.output<typeof godaddyConfigSchema>;

export const godaddyEcosystem = defineEcosystem({
  id: 'godaddy',
  displayName: 'GoDaddy',
  description: 'GoDaddy domains: list and inspect domains, check availability and prices (one or 500 at once), suggest names, manage DNS records (by name, by type or the whole zone) and nameservers.',
  auth: { type: 'api-key', description: 'API key and secret sent as "Authorization: sso-key <key>:<secret>"' },
  config: godaddyConfigSchema,
  env: {
    apiKey: 'GODADDY_API_KEY',
    apiSecret: 'GODADDY_API_SECRET',
    environment: 'GODADDY_ENVIRONMENT',
    baseUrl: 'GODADDY_BASE_URL',
    shopperId: 'GODADDY_SHOPPER_ID',
  },
  rateLimits: [
    {
      points: 60,
      durationSeconds: 60,
      scope: 'endpoint',
      description:
        'GoDaddy allows 60 requests per minute on each API endpoint (method and path template, e.g. GET /v1/domains/{domain}/records/{type}), and answers 429 with retryAfterSec beyond it; the client keys its outbound limiter per endpoint',
    },
  ],
  tools: [...domainTools, ...dnsTools, ...nameserverTools],
  createClient: (config, deps) => new GoDaddyClient({ ...deps, ...config }),
});
