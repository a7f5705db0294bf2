import type { GoogleClient } from './client.js';

// Drive API v3 (www.googleapis.com/drive/v3/…, uploads under /upload/drive/v3/…).

const BASE = '/drive/v3';

/** about.get: the account behind the token (`fields` is required by Drive for about). */
export function about(client: GoogleClient, signal?: AbortSignal): Promise<{ user?: { emailAddress?: string; displayName?: string } }> {
  return client.request('drive', 'GET', `${BASE}/about`, { query: { fields: 'user(emailAddress,displayName)' }, signal, level: 'read', operation: 'drive.about.get' });
}

export interface DriveFile {
  id: string;
  name?: string;
  mimeType?: string;
  parents?: string[];
  modifiedTime?: string;
  size?: string;
  webViewLink?: string;
  description?: string;
  trashed?: boolean;
  owners?: Array<{ emailAddress?: string; displayName?: string }>;
  shared?: boolean;
  driveId?: string;
}

export interface DrivePermission {
  id: string;
  type: 'user' | 'group' | 'domain' | 'anyone';
  role: 'owner' | 'organizer' | 'fileOrganizer' | 'writer' | 'commenter' | 'reader';
  emailAddress?: string;
  domain?: string;
}

export const FOLDER = 'application/vnd.google-apps.folder';
export const FILE_FIELDS = 'id,name,mimeType,parents,modifiedTime,size,webViewLink,description,trashed,owners(emailAddress,displayName),shared,driveId';
const ALL_DRIVES = { supportsAllDrives: true } as const;

/** files.list over My Drive and shared drives; only the fields asked for come back (Drive's default is id, name, mimeType). */
export async function listFiles(client: GoogleClient, query: { q?: string; pageSize?: number; pageToken?: string; orderBy?: string }, signal?: AbortSignal): Promise<{ files: DriveFile[]; nextPageToken?: string }> {
  const body = await client.request<{ files?: DriveFile[]; nextPageToken?: string }>('drive', 'GET', `${BASE}/files`, {
    query: { ...query, fields: `nextPageToken,files(${FILE_FIELDS})`, corpora: 'allDrives', includeItemsFromAllDrives: true, ...ALL_DRIVES },
    signal,
    level: 'read',
    operation: 'drive.files.list',
  });
  return { files: body.files ?? [], nextPageToken: body.nextPageToken };
}

export function getFile(client: GoogleClient, fileId: string, signal?: AbortSignal, level: 'read' | 'organize' = 'read'): Promise<DriveFile> {
  return client.request('drive', 'GET', `${BASE}/files/{fileId}`, { params: { fileId }, query: { fields: FILE_FIELDS, ...ALL_DRIVES }, signal, level, operation: 'drive.files.get' });
}

/** files.export of a Google Docs editors file (10 MB at most). */
export async function exportFile(client: GoogleClient, fileId: string, mimeType: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  return (await client.raw('drive', 'GET', `${BASE}/files/{fileId}/export`, { params: { fileId }, query: { mimeType }, maxBytes, signal, level: 'read', operation: 'drive.files.export' })).data;
}

/** files.get with alt=media: the bytes of a file that has binary content (not a Google Doc). */
export async function downloadFile(client: GoogleClient, fileId: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  return (await client.raw('drive', 'GET', `${BASE}/files/{fileId}`, { params: { fileId }, query: { alt: 'media', ...ALL_DRIVES }, maxBytes, signal, level: 'read', operation: 'drive.files.get' })).data;
}

export function createFolder(client: GoogleClient, name: string, parentId?: string, signal?: AbortSignal): Promise<DriveFile> {
  return client.request('drive', 'POST', `${BASE}/files`, {
    query: { fields: FILE_FIELDS, ...ALL_DRIVES },
    json: { name, mimeType: FOLDER, ...(parentId ? { parents: [parentId] } : {}) },
    signal,
    level: 'write',
    operation: 'drive.files.create',
  });
}

/** A multipart/related upload: the JSON metadata part, then the content. */
export async function uploadFile(client: GoogleClient, metadata: { name: string; mimeType?: string; parents?: string[] }, content: string, contentType: string, signal?: AbortSignal): Promise<DriveFile> {
  const boundary = `emcp-${Math.random().toString(36).slice(2)}`;
  const body = [`--${boundary}`, 'Content-Type: application/json; charset=UTF-8', '', JSON.stringify(metadata), `--${boundary}`, `Content-Type: ${contentType}`, '', content, `--${boundary}--`, ''].join('\r\n');
  const answer = await client.raw('drive', 'POST', '/upload/drive/v3/files', {
    query: { uploadType: 'multipart', fields: FILE_FIELDS, ...ALL_DRIVES },
    body: { contentType: `multipart/related; boundary=${boundary}`, data: body },
    signal,
    level: 'write',
    operation: 'drive.files.create',
  });
  return JSON.parse(answer.data.toString('utf8')) as DriveFile;
}

export function updateFile(client: GoogleClient, fileId: string, change: { name?: string; trashed?: boolean }, parents: { addParents?: string; removeParents?: string }, level: 'organize' | 'delete', signal?: AbortSignal): Promise<DriveFile> {
  return client.request('drive', 'PATCH', `${BASE}/files/{fileId}`, { params: { fileId }, query: { ...parents, fields: FILE_FIELDS, ...ALL_DRIVES }, json: change, signal, level, operation: 'drive.files.update' });
}

export function createPermission(client: GoogleClient, fileId: string, permission: Omit<DrivePermission, 'id'>, notify: { sendNotificationEmail: boolean; emailMessage?: string }, signal?: AbortSignal): Promise<DrivePermission> {
  return client.request('drive', 'POST', `${BASE}/files/{fileId}/permissions`, {
    params: { fileId },
    query: { ...notify, ...ALL_DRIVES },
    json: permission,
    signal,
    level: 'share',
    operation: 'drive.permissions.create',
  });
}

export async function listPermissions(client: GoogleClient, fileId: string, signal?: AbortSignal): Promise<DrivePermission[]> {
  const permissions: DrivePermission[] = [];
  let pageToken: string | undefined;
  do {
    const body = await client.request<{ permissions?: DrivePermission[]; nextPageToken?: string }>('drive', 'GET', `${BASE}/files/{fileId}/permissions`, {
      params: { fileId },
      query: { pageToken, fields: 'nextPageToken,permissions(id,type,role,emailAddress,domain)', ...ALL_DRIVES },
      signal,
      level: 'share',
      operation: 'drive.permissions.list',
    });
    permissions.push(...(body.permissions ?? []));
    pageToken = body.nextPageToken;
  } while (pageToken);
  return permissions;
}

export async function deletePermission(client: GoogleClient, fileId: string, permissionId: string, signal?: AbortSignal): Promise<void> {
  await client.request('drive', 'DELETE', `${BASE}/files/{fileId}/permissions/{permissionId}`, { params: { fileId, permissionId }, query: { ...ALL_DRIVES }, signal, level: 'share', operation: 'drive.permissions.delete' });
}

/** A Drive query string literal: backslashes and quotes escaped. */
export function driveLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
