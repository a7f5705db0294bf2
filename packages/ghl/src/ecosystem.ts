import { defineEcosystem, type AuthPattern } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GhlClient } from './client.js';
import { calendarTools } from './calendars.tools.js';
import { contactTools } from './contacts.tools.js';
import { conversationTools } from './conversations.tools.js';
import { locationTools } from './locations.tools.js';
import { opportunityTools } from './opportunities.tools.js';
import { GHL_RATE_LIMITS } from './rate-limit.js';

export const ghlConfigSchema = z.object({
  apiKey: z.string().min(1).describe('Private Integration token of the sub-account (Settings > Private Integrations)'),
  locationId: z.string().min(1).describe('Sub-account (location) id the token belongs to'),
  baseUrl: z.url().optional().describe('API base URL; defaults to https://services.leadconnectorhq.com'),
});

export type GhlConfig = z.output<typeof ghlConfigSchema>;

/**
 * The marketplace-app flow, for the token store to implement later: the
 * authorization code grant, with refresh tokens that rotate on every refresh
 * (store the new one before using the new access token). The client already
 * accepts an `accessToken` provider, so OAuth needs no change to the tools.
 */
export const GHL_OAUTH: Extract<AuthPattern, { type: 'oauth2' }> = {
  type: 'oauth2',
  description:
    'GoHighLevel marketplace app: OAuth 2.0 authorization code grant (user_type Location); access tokens last about a day and every refresh returns a new refresh token',
  authorizationUrl: 'https://marketplace.gohighlevel.com/oauth/chooselocation',
  tokenUrl: 'https://services.leadconnectorhq.com/oauth/token',
  scopes: [
    'contacts.readonly',
    'contacts.write',
    'opportunities.readonly',
    'opportunities.write',
    'calendars.readonly',
    'calendars.write',
    'calendars/events.readonly',
    'calendars/events.write',
    'conversations.readonly',
    'conversations.write',
    'conversations/message.readonly',
    'conversations/message.write',
    'locations.readonly',
    'users.readonly',
  ],
  rotatesRefreshTokens: true,
};

export const ghlEcosystem = defineEcosystem({
  id: 'ghl',
  displayName: 'GoHighLevel',
  description:
    'GoHighLevel (LeadConnector) CRM of one sub-account: contacts, notes and tasks, opportunities and pipelines, calendars and appointments, conversations (SMS and email), users and the location itself.',
  auth: {
    type: 'api-key',
    description:
      'Private Integration token of the sub-account, sent as "Authorization: Bearer <token>" with the Version header each API requires. ' +
      'Marketplace OAuth 2.0 with rotating refresh tokens (GHL_OAUTH) comes later through the token store.',
  },
  config: ghlConfigSchema,
  env: { apiKey: 'GHL_API_KEY', locationId: 'GHL_LOCATION_ID', baseUrl: 'GHL_BASE_URL' },
  rateLimits: GHL_RATE_LIMITS,
  tools: [...contactTools, ...opportunityTools, ...calendarTools, ...conversationTools, ...locationTools],
  createClient: (config, deps = {}) => new GhlClient({ ...deps, ...config }),
});
