import { z } from 'zod';
import { withoutNulls, zoneField } from './schemas.js';
import { getZoneSettings, updateZoneSetting } from './settings.api.js';
import { cloudflareTool } from './tool.js';
import type { ZoneSetting } from './types.js';
import { resolveZoneId } from './zones.api.js';

/** The settings people ask about most, by Cloudflare setting id. */
export const READABLE_SETTINGS = [
  'ssl',
  'always_use_https',
  'cache_level',
  'min_tls_version',
  'development_mode',
  'tls_1_3',
  'automatic_https_rewrites',
  'browser_cache_ttl',
  'security_level',
  'always_online',
] as const;

const settingOutput = z.object({
  id: z.string().describe('Cloudflare setting id'),
  value: z
    .union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))])
    .describe('Current value: "on"/"off", a mode, a number of seconds, or an object of named values'),
  editable: z.boolean().describe('Whether the plan allows changing it'),
  modified_on: z.string().optional().describe('ISO time of the last change; absent if never changed'),
  time_remaining: z.number().optional().describe('development_mode only: seconds until it turns itself off'),
});

export const getZoneSettingsTool = cloudflareTool({
  name: 'cloudflare_get_zone_settings',
  title: 'Get zone settings',
  description:
    'Reads security and caching settings of a zone: SSL/TLS mode (ssl: off, flexible, full, strict), always_use_https, cache_level, min_tls_version, development_mode, tls_1_3, automatic_https_rewrites, browser_cache_ttl, security_level, always_online. Use it before changing settings, or to diagnose redirect loops and mixed-content problems.',
  input: z.object({
    zone: zoneField,
    settings: z
      .array(z.enum(READABLE_SETTINGS))
      .min(1)
      .optional()
      .describe('Only these setting ids; all of the listed ones by default.'),
  }),
  output: z.object({
    zoneId: z.string().describe('The zone id'),
    settings: z.array(settingOutput).describe('The settings, in the order asked for'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const all = await getZoneSettings(ctx.client, zoneId, ctx.signal);
    const wanted: readonly string[] = args.settings ?? READABLE_SETTINGS;
    const byId = new Map(all.map((s) => [s.id, s]));
    return { zoneId, settings: wanted.flatMap((id) => (byId.has(id) ? [withoutNulls(byId.get(id)!)] : [])) };
  },
});

const onOff = z.enum(['on', 'off']);

/** Input field -> Cloudflare setting id. */
const UPDATABLE = {
  ssl: 'ssl',
  alwaysUseHttps: 'always_use_https',
  cacheLevel: 'cache_level',
  minTlsVersion: 'min_tls_version',
  developmentMode: 'development_mode',
} as const;

export const updateZoneSettingsTool = cloudflareTool({
  name: 'cloudflare_update_zone_settings',
  title: 'Update zone settings',
  description:
    'Changes one or more of these zone settings and returns their new values: ssl (SSL/TLS encryption mode), alwaysUseHttps, cacheLevel, minTlsVersion, developmentMode (bypasses the cache for three hours, then turns itself off). Settings you leave out are not touched. Setting ssl to "flexible" while the origin redirects to HTTPS causes redirect loops; "strict" needs a valid certificate on the origin.',
  input: z
    .object({
      zone: zoneField,
      ssl: z
        .enum(['off', 'flexible', 'full', 'strict'])
        .optional()
        .describe('SSL/TLS mode between Cloudflare and the origin: off, flexible (HTTP to origin), full (HTTPS, any certificate), strict (HTTPS, valid certificate).'),
      alwaysUseHttps: onOff.optional().describe('"on" redirects every HTTP request to HTTPS.'),
      cacheLevel: z
        .enum(['basic', 'simplified', 'aggressive'])
        .optional()
        .describe('How query strings affect caching: basic (no query string), simplified (ignore query string), aggressive (cache every query string variant, the default).'),
      minTlsVersion: z.enum(['1.0', '1.1', '1.2', '1.3']).optional().describe('Oldest TLS version visitors may use.'),
      developmentMode: onOff.optional().describe('"on" bypasses the cache for three hours so origin changes show at once.'),
    })
    .refine((args) => Object.keys(UPDATABLE).some((field) => args[field as keyof typeof UPDATABLE] !== undefined), {
      message: 'give at least one setting to change: ssl, alwaysUseHttps, cacheLevel, minTlsVersion or developmentMode',
    }),
  output: z.object({
    zoneId: z.string().describe('The zone id'),
    settings: z.array(settingOutput).describe('The changed settings with their new values'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, args.zone, ctx.signal);
    const settings: Array<ReturnType<typeof withoutNulls<ZoneSetting>>> = [];
    for (const [field, settingId] of Object.entries(UPDATABLE)) {
      const value = args[field as keyof typeof UPDATABLE];
      if (value === undefined) continue;
      settings.push(withoutNulls(await updateZoneSetting(ctx.client, zoneId, settingId, value, ctx.signal)));
    }
    return { zoneId, settings };
  },
});

export const settingsTools = [getZoneSettingsTool, updateZoneSettingsTool];
