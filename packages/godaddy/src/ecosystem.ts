import { defineEcosystem } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GodaddyClient, GODADDY_DEFAULT_BASE_URL } from './client.js';
import { itemTools } from './items.tools.js';

export const godaddyConfigSchema = z.object({
  apiKey: z.string().min(1).describe('API key for the GoDaddy API'),
  baseUrl: z.url().default(GODADDY_DEFAULT_BASE_URL).describe('API base URL; override for a sandbox or the fake'),
});

export type GodaddyConfig = z.output<typeof godaddyConfigSchema>;

export const godaddyEcosystem = defineEcosystem({
  id: 'godaddy',
  displayName: 'GoDaddy',
  description: 'GoDaddy tools: list and create items.',
  auth: { type: 'api-key', description: 'API key sent as a Bearer token in the Authorization header' },
  config: godaddyConfigSchema,
  env: { apiKey: 'GODADDY_API_KEY', baseUrl: 'GODADDY_BASE_URL' },
  rateLimits: [
    {
      points: 60,
      durationSeconds: 60,
      scope: 'credential',
      description: 'Placeholder: replace with GoDaddy\'s published limit',
    },
  ],
  tools: [...itemTools],
  createClient: (config, deps) => new GodaddyClient({ ...deps, ...config }),
});
