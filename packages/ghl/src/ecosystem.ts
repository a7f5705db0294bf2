import { defineEcosystem, ValidationError, type ClientDependencies, type ConnectionIdentity, type OAuthSpec, type ResolvedConfig } from '@enterprise-mcp/core';
import { z } from 'zod';
import { calendarTools } from './calendars.tools.js';
import { GHL_BASE_URL, GhlClient } from './client.js';
import { contactTools } from './contacts.tools.js';
import { conversationTools } from './conversations.tools.js';
import { getLocation } from './locations.api.js';
import { locationTools } from './locations.tools.js';
import { opportunityTools } from './opportunities.tools.js';
import { GHL_RATE_LIMITS } from './rate-limit.js';
import { userTools } from './users.tools.js';

/** A Private Integration of one sub-account: its token and the location it belongs to. */
export const ghlPrivateIntegrationConfig = z.object({
  apiKey: z.string().min(1).describe('Private Integration token of the sub-account (Settings > Private Integrations)'),
  locationId: z.string().min(1).describe('Sub-account (location) id the token belongs to'),
});

/** A marketplace app: installed in many locations, each install a connection whose tokens the host keeps. */
export const ghlMarketplaceConfig = z.object({
  clientId: z.string().min(1).describe('Client id of the marketplace app (Marketplace > My Apps > Advanced Settings > Auth)'),
  clientSecret: z.string().min(1).describe('Client secret of the marketplace app'),
});

export type GhlPrivateIntegrationConfig = z.output<typeof ghlPrivateIntegrationConfig>;
export type GhlMarketplaceConfig = z.output<typeof ghlMarketplaceConfig>;

/** Each auth mode's config schema, by mode name. */
export type GhlModeConfigs = { privateIntegration: typeof ghlPrivateIntegrationConfig; marketplace: typeof ghlMarketplaceConfig };

/**
 * The marketplace app's OAuth 2.0 authorization code grant. Every refresh
 * returns a new refresh token (valid a year unless used), which must be stored
 * before the new access token is used. GoHighLevel documents no revocation
 * endpoint: an app is uninstalled in the platform. The scopes are the ones the
 * tools' operations declare in GoHighLevel's OpenAPI files.
 */
export const GHL_OAUTH: OAuthSpec = {
  authorizationUrl: 'https://marketplace.gohighlevel.com/oauth/chooselocation',
  tokenUrl: 'https://services.leadconnectorhq.com/oauth/token',
  scopes: [
    'contacts.readonly',
    'contacts.write',
    'opportunities.readonly',
    'opportunities.write',
    'calendars.readonly',
    'calendars/events.readonly',
    'calendars/events.write',
    'conversations.readonly',
    'conversations/message.readonly',
    'conversations/message.write',
    'locations.readonly',
    'locations/customFields.readonly',
    'users.readonly',
  ],
  rotatesRefreshTokens: true,
  // GoHighLevel's token endpoint takes the app credentials as form fields, with the token's user type.
  clientAuthentication: 'client_secret_post',
  tokenParams: { user_type: 'Location' },
  identify: ({ tokens }) => identifyInstall(tokens.raw),
};

/**
 * The sub-account a token response is for. An agency (Company) token is
 * refused rather than turned into Location tokens with `/oauth/locationToken`:
 * a connection is one sub-account whose refresh token the vault rotates, and a
 * Location token minted from an agency token has no refresh token of its own.
 */
function identifyInstall(raw: Record<string, unknown>): ConnectionIdentity {
  const { locationId, companyId, userType } = raw;
  const company: Record<string, string> = typeof companyId === 'string' && companyId ? { companyId } : {};
  if (typeof locationId === 'string' && locationId) return { externalIds: { locationId, ...company }, accountKind: 'sub-account' };
  const agency = userType === 'Company';
  const message = agency
    ? 'GoHighLevel connected an agency (Company token), not a sub-account: the tools act on one sub-account (location)'
    : 'GoHighLevel issued a token without a locationId, so it names no sub-account to act on';
  throw new ValidationError(message, [{ path: 'locationId', message: agency ? 'an agency token has none' : 'missing from the token response' }], {
    platform: 'GoHighLevel',
    hint: 'connect again and choose the sub-account on the consent page (open the install link from inside the sub-account, not from the Agency View); connect once per sub-account',
  });
}

/**
 * The location a client acts on: a private integration's own; for a
 * marketplace app, the connection's (its token is that install's).
 */
export function ghlLocationOf(resolved: ResolvedConfig<GhlModeConfigs>, connection?: ClientDependencies['connection']): string | undefined {
  return resolved.mode === 'privateIntegration' ? resolved.config.locationId : connection?.externalIds['locationId'];
}

export const ghlEcosystem = defineEcosystem<GhlModeConfigs, GhlClient>({
  id: 'ghl',
  displayName: 'GoHighLevel',
  description:
    'GoHighLevel (LeadConnector) CRM of a sub-account: contacts, notes and tasks, opportunities and pipelines, calendars and appointments, conversations (SMS and email), users and the location itself.',
  envPrefix: 'GHL',
  authModes: {
    privateIntegration: {
      kind: 'api-key',
      description:
        'Private Integration token of one sub-account, sent as "Authorization: Bearer <token>", with the location id it belongs to.',
      config: ghlPrivateIntegrationConfig,
      env: { apiKey: 'GHL_API_KEY', locationId: 'GHL_LOCATION_ID' },
      credential: (config) => config.apiKey,
    },
    marketplace: {
      kind: 'oauth2',
      description:
        'Marketplace app (OAuth 2.0 authorization code, rotating refresh tokens) installed in many sub-accounts; each install is a connection whose externalIds carry its locationId (and companyId).',
      config: ghlMarketplaceConfig,
      env: { clientId: 'GHL_CLIENT_ID', clientSecret: 'GHL_CLIENT_SECRET' },
      oauth: GHL_OAUTH,
    },
  },
  environments: { production: { baseUrl: GHL_BASE_URL } },
  connections: 'many',
  rateLimits: GHL_RATE_LIMITS,
  tools: [...contactTools, ...opportunityTools, ...calendarTools, ...conversationTools, ...locationTools, ...userTools],
  createClient: (resolved, deps) => new GhlClient({ ...deps, baseUrl: resolved.baseUrl, locationId: ghlLocationOf(resolved, deps.connection) }),
  // The token response names the location, not what it is called: the sub-account's own record does.
  describeConnection: async (client) => (await getLocation(client)).name,
});
