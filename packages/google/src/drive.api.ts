import type { GoogleClient } from './client.js';

// Drive API v3 (www.googleapis.com/drive/v3/…, uploads under /upload/drive/v3/…).

const BASE = '/drive/v3';

/** about.get: the account behind the token (`fields` is required by Drive for about). */
export function about(client: GoogleClient, signal?: AbortSignal): Promise<{ user?: { emailAddress?: string; displayName?: string } }> {
  return client.request('drive', 'GET', `${BASE}/about`, { query: { fields: 'user(emailAddress,displayName)' }, signal, level: 'read', operation: 'drive.about.get' });
}
