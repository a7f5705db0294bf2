import type { CloudflareClient } from './client.js';
import type { ZoneSetting, ZoneSettingValue } from './types.js';

/** `GET /zones/{zone_id}/settings`: every setting of the zone. */
export function getZoneSettings(client: CloudflareClient, zoneId: string, signal?: AbortSignal): Promise<ZoneSetting[]> {
  return client.result<ZoneSetting[]>('GET /zones/{zone_id}/settings', { params: { zone_id: zoneId }, signal });
}

export function getZoneSetting<T = ZoneSettingValue>(client: CloudflareClient, zoneId: string, settingId: string, signal?: AbortSignal): Promise<ZoneSetting<T>> {
  return client.result<ZoneSetting<T>>('GET /zones/{zone_id}/settings/{setting_id}', { params: { zone_id: zoneId, setting_id: settingId }, signal });
}

/** `PATCH /zones/{zone_id}/settings/{setting_id}` with `{ value }`. */
export function updateZoneSetting<T extends ZoneSettingValue>(
  client: CloudflareClient,
  zoneId: string,
  settingId: string,
  value: T,
  signal?: AbortSignal,
): Promise<ZoneSetting<T>> {
  return client.result<ZoneSetting<T>>('PATCH /zones/{zone_id}/settings/{setting_id}', {
    params: { zone_id: zoneId, setting_id: settingId },
    json: { value },
    signal,
  });
}
