import { defineEcosystem } from '@enterprise-mcp/core';
import { z } from 'zod';
import { cacheTools } from './cache.tools.js';
import { CLOUDFLARE_API_BASE_URL, createCloudflareClient } from './client.js';
import { dnsAnalyticsTools } from './dns-analytics.tools.js';
import { dnsTools } from './dns.tools.js';
import { dnssecTools } from './dnssec.tools.js';
import { settingsTools } from './settings.tools.js';
import { tokenTools } from './tokens.tools.js';
import { zoneTools } from './zones.tools.js';

const accountId = z
  .string()
  .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex account id shown in the dashboard sidebar')
  .optional()
  .describe('Account id; needed to verify account-owned tokens');

const required = (what: string) => ({ error: `is required: ${what}` });

/** `token` mode: an API token, user- or account-owned. */
export const cloudflareTokenConfig = z.object({
  apiToken: z
    .string(required('a Cloudflare API token (My Profile > API Tokens > Create Token)'))
    .trim()
    .min(1, 'is required: a Cloudflare API token (My Profile > API Tokens > Create Token)')
    .describe('Cloudflare API token, sent as Authorization: Bearer'),
  accountId,
});

/** `legacy` mode: the account email and its Global API Key, which has every permission of the user. */
export const cloudflareLegacyConfig = z.object({
  email: z.email({ error: 'must be the email address you log in to Cloudflare with' }).describe('Account email, sent as X-Auth-Email'),
  apiKey: z
    .string(required('the Global API Key (My Profile > API Tokens > Global API Key > View)'))
    .trim()
    .min(1, 'is required: the Global API Key (My Profile > API Tokens > Global API Key > View)')
    .describe('Global API Key, sent as X-Auth-Key'),
  accountId,
});

export type CloudflareTokenConfig = z.output<typeof cloudflareTokenConfig>;
export type CloudflareLegacyConfig = z.output<typeof cloudflareLegacyConfig>;
export type CloudflareModeConfigs = { token: typeof cloudflareTokenConfig; legacy: typeof cloudflareLegacyConfig };

export const cloudflareEcosystem = defineEcosystem({
  id: 'cloudflare',
  displayName: 'Cloudflare',
  description: 'DNS records of every type, DNSSEC status, DNS analytics, zones, cache purge, zone settings and API token checks through the Cloudflare API v4.',
  envPrefix: 'CLOUDFLARE',
  authModes: {
    token: {
      kind: 'api-key',
      description:
        'A Cloudflare API token (user- or account-owned) sent as Authorization: Bearer. Give it Zone:Read, DNS:Edit, Zone Settings:Edit and Cache Purge:Purge on the zones it should manage.',
      config: cloudflareTokenConfig,
      env: { apiToken: 'CLOUDFLARE_API_TOKEN', accountId: 'CLOUDFLARE_ACCOUNT_ID' },
      credential: (config) => config.apiToken,
    },
    legacy: {
      kind: 'api-key',
      description:
        "The account email and Global API Key, sent as X-Auth-Email and X-Auth-Key. The key can do everything the user can; prefer an API token where the tools' permissions suffice.",
      config: cloudflareLegacyConfig,
      env: { email: 'CLOUDFLARE_EMAIL', apiKey: 'CLOUDFLARE_API_KEY', accountId: 'CLOUDFLARE_ACCOUNT_ID' },
      // The key is the secret; the email travels beside it as configuration.
      credential: (config) => config.apiKey,
    },
  },
  environments: { production: { baseUrl: CLOUDFLARE_API_BASE_URL } },
  rateLimits: [
    {
      points: 1200,
      durationSeconds: 300,
      scope: 'credential',
      description: 'Cloudflare API: 1,200 requests per 5 minutes per user or account token; past it every call gets HTTP 429 until the window ends',
    },
    {
      // The Free plan's numbers, since a zone of any plan accepts them. URL purges count here too: the
      // limiter counts requests, not URLs, and 5 requests a minute stay far below 800 URLs a second.
      points: 5,
      durationSeconds: 60,
      scope: 'credential',
      operations: ['POST /zones/*/purge_cache'],
      perOperation: true,
      description:
        'Cache purges: Cloudflare allows 5 tag, host, prefix or purge-everything requests a minute per account on the Free plan (bursts of 25; more on paid plans) and 800 URLs a second; past it a purge gets HTTP 429 with code 1134. Every purge request counts here, URL purges included',
    },
  ],
  tools: [...tokenTools, ...zoneTools, ...dnsTools, ...dnssecTools, ...dnsAnalyticsTools, ...cacheTools, ...settingsTools],
  createClient: createCloudflareClient,
});
