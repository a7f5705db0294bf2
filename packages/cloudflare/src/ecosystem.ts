import { defineEcosystem } from '@enterprise-mcp/core';
import { z } from 'zod';
import { cacheTools } from './cache.tools.js';
import { CLOUDFLARE_API_BASE_URL, CloudflareClient } from './client.js';
import { dnsAnalyticsTools } from './dns-analytics.tools.js';
import { dnsTools } from './dns.tools.js';
import { dnssecTools } from './dnssec.tools.js';
import { settingsTools } from './settings.tools.js';
import { tokenTools } from './tokens.tools.js';
import { zoneTools } from './zones.tools.js';

export const cloudflareConfigSchema = z.object({
  apiToken: z
    .string({ error: 'is required: a Cloudflare API token (My Profile > API Tokens > Create Token)' })
    .trim()
    .min(1, 'is required: a Cloudflare API token (My Profile > API Tokens > Create Token)')
    .describe('Cloudflare API token, sent as Authorization: Bearer'),
  accountId: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex account id shown in the dashboard sidebar')
    .optional()
    .describe('Account id; needed to verify account-owned tokens'),
  baseUrl: z.url({ error: 'must be a URL such as https://api.cloudflare.com/client/v4' }).optional().describe(`API base URL (default ${CLOUDFLARE_API_BASE_URL})`),
});

export type CloudflareConfig = z.output<typeof cloudflareConfigSchema>;

export const cloudflareEcosystem = defineEcosystem({
  id: 'cloudflare',
  displayName: 'Cloudflare',
  description: 'DNS records of every type, DNSSEC status, DNS analytics, zones, cache purge, zone settings and API token checks through the Cloudflare API v4.',
  auth: {
    type: 'api-key',
    description: 'A Cloudflare API token (user- or account-owned) sent as Authorization: Bearer. Give it Zone:Read, DNS:Edit, Zone Settings:Edit and Cache Purge:Purge on the zones it should manage.',
  },
  config: cloudflareConfigSchema,
  env: { apiToken: 'CLOUDFLARE_API_TOKEN', accountId: 'CLOUDFLARE_ACCOUNT_ID', baseUrl: 'CLOUDFLARE_BASE_URL' },
  rateLimits: [
    {
      points: 1200,
      durationSeconds: 300,
      scope: 'credential',
      description: 'Cloudflare API: 1,200 requests per 5 minutes per user or account token; past it every call gets HTTP 429 until the window ends',
    },
  ],
  tools: [...tokenTools, ...zoneTools, ...dnsTools, ...dnssecTools, ...dnsAnalyticsTools, ...cacheTools, ...settingsTools],
  createClient: (config, deps = {}) => new CloudflareClient({ ...config, ...deps }),
});
