import type { ZoneSetting, ZoneSettingValue } from '../types.js';
import { CloudflareFakeError } from './envelope.js';

const ON_OFF = ['on', 'off'];

/** The zone settings the fake serves: Cloudflare's ids, defaults of a new Free zone, allowed values. */
const SETTING_RULES: Record<string, { initial: string | number; allowed?: Array<string | number>; editable?: boolean }> = {
  always_online: { initial: 'off', allowed: ON_OFF },
  always_use_https: { initial: 'off', allowed: ON_OFF },
  automatic_https_rewrites: { initial: 'on', allowed: ON_OFF },
  brotli: { initial: 'on', allowed: ON_OFF },
  browser_cache_ttl: { initial: 14400, allowed: [0, 30, 60, 120, 300, 1200, 1800, 3600, 7200, 10800, 14400, 18000, 28800, 43200, 57600, 72000, 86400, 172800, 259200, 345600, 432000, 691200, 1382400, 2073600, 2678400, 5356800, 16070400, 31536000] },
  cache_level: { initial: 'aggressive', allowed: ['aggressive', 'basic', 'simplified'] },
  development_mode: { initial: 'off', allowed: ON_OFF },
  email_obfuscation: { initial: 'on', allowed: ON_OFF },
  http3: { initial: 'on', allowed: ON_OFF },
  ipv6: { initial: 'on', allowed: ON_OFF },
  min_tls_version: { initial: '1.0', allowed: ['1.0', '1.1', '1.2', '1.3'] },
  security_level: { initial: 'medium', allowed: ['off', 'essentially_off', 'low', 'medium', 'high', 'under_attack'] },
  ssl: { initial: 'full', allowed: ['off', 'flexible', 'full', 'strict'] },
  tls_1_3: { initial: 'on', allowed: ['on', 'off', 'zrt'] },
  websockets: { initial: 'on', allowed: ON_OFF },
};

/** Development mode switches itself off after three hours. */
const DEVELOPMENT_MODE_SECONDS = 10800;

export function defaultSettings(overrides: Record<string, unknown> = {}): Map<string, ZoneSetting> {
  const settings = new Map<string, ZoneSetting>();
  for (const [id, rule] of Object.entries(SETTING_RULES)) {
    const value = (overrides[id] ?? rule.initial) as ZoneSettingValue;
    settings.set(id, withRemaining({ id, value, editable: rule.editable ?? true, modified_on: null }));
  }
  return settings;
}

export function applySetting(settings: Map<string, ZoneSetting>, id: string, value: unknown, now: string): ZoneSetting {
  const rule = SETTING_RULES[id];
  const current = settings.get(id);
  if (!rule || !current) throw new CloudflareFakeError(404, [{ code: 1006, message: `Unrecognized zone setting name: ${id}` }]);
  if (value === undefined || (rule.allowed && !rule.allowed.includes(value as string | number))) {
    throw new CloudflareFakeError(400, [{ code: 1007, message: `Invalid value for zone setting ${id}` }]);
  }
  if (!current.editable) throw new CloudflareFakeError(400, [{ code: 1008, message: `Zone setting ${id} is not editable on this plan` }]);
  const updated = withRemaining({ ...current, value: value as ZoneSettingValue, modified_on: now });
  settings.set(id, updated);
  return updated;
}

function withRemaining(setting: ZoneSetting): ZoneSetting {
  if (setting.id !== 'development_mode') return setting;
  return { ...setting, time_remaining: setting.value === 'on' ? DEVELOPMENT_MODE_SECONDS : 0 };
}
