import type { GoogleClient } from './client.js';
import { buildMessage, toBase64Url, type GmailPart, type OutgoingMessage } from './mime.js';

// Gmail API v1 (gmail.googleapis.com/gmail/v1/users/me/…).

export interface GmailMessage {
  id: string;
  threadId: string;
  labelIds?: string[];
  snippet?: string;
  historyId?: string;
  internalDate?: string;
  sizeEstimate?: number;
  payload?: GmailPart;
  raw?: string;
}

export interface GmailThread {
  id: string;
  snippet?: string;
  historyId?: string;
  messages?: GmailMessage[];
}

export interface GmailLabel {
  id: string;
  name: string;
  type?: 'system' | 'user';
  messagesTotal?: number;
  messagesUnread?: number;
}

export interface GmailDraft {
  id: string;
  message: GmailMessage;
}

export interface GmailListOptions {
  q?: string;
  labelIds?: string[];
  maxResults?: number;
  pageToken?: string;
  includeSpamTrash?: boolean;
  signal?: AbortSignal;
}

export type GmailFormat = 'minimal' | 'full' | 'raw' | 'metadata';

const USER = '/gmail/v1/users/me';

/** messages.list: ids only; the `messages` key is absent when nothing matches. */
export async function listMessages(client: GoogleClient, options: GmailListOptions = {}): Promise<{ messages: Array<{ id: string; threadId: string }>; nextPageToken?: string; resultSizeEstimate?: number }> {
  const { signal, ...query } = options;
  const body = await client.request<{ messages?: Array<{ id: string; threadId: string }>; nextPageToken?: string; resultSizeEstimate?: number }>('gmail', 'GET', `${USER}/messages`, {
    query: { ...query, labelIds: query.labelIds },
    signal,
    level: 'read',
    operation: 'gmail.users.messages.list',
  });
  return { messages: body.messages ?? [], nextPageToken: body.nextPageToken, resultSizeEstimate: body.resultSizeEstimate };
}

/** threads.list: ids and snippets; `threads` is absent when nothing matches. */
export async function listThreads(client: GoogleClient, options: GmailListOptions = {}): Promise<{ threads: GmailThread[]; nextPageToken?: string; resultSizeEstimate?: number }> {
  const { signal, ...query } = options;
  const body = await client.request<{ threads?: GmailThread[]; nextPageToken?: string; resultSizeEstimate?: number }>('gmail', 'GET', `${USER}/threads`, {
    query,
    signal,
    level: 'read',
    operation: 'gmail.users.threads.list',
  });
  return { threads: body.threads ?? [], nextPageToken: body.nextPageToken, resultSizeEstimate: body.resultSizeEstimate };
}

export function getMessage(client: GoogleClient, id: string, format: GmailFormat = 'full', metadataHeaders?: string[], signal?: AbortSignal): Promise<GmailMessage> {
  return client.request<GmailMessage>('gmail', 'GET', `${USER}/messages/{id}`, {
    params: { id },
    query: { format, metadataHeaders },
    signal,
    level: 'read',
    operation: 'gmail.users.messages.get',
  });
}

export function getThread(client: GoogleClient, id: string, format: Exclude<GmailFormat, 'raw'> = 'full', metadataHeaders?: string[], signal?: AbortSignal): Promise<GmailThread> {
  return client.request<GmailThread>('gmail', 'GET', `${USER}/threads/{id}`, {
    params: { id },
    query: { format, metadataHeaders },
    signal,
    level: 'read',
    operation: 'gmail.users.threads.get',
  });
}

/** messages.attachments.get: `data` is base64url. */
export function getAttachment(client: GoogleClient, messageId: string, id: string, signal?: AbortSignal): Promise<{ size: number; data: string }> {
  return client.request('gmail', 'GET', `${USER}/messages/{messageId}/attachments/{id}`, {
    params: { messageId, id },
    signal,
    level: 'read',
    operation: 'gmail.users.messages.attachments.get',
  });
}

export async function listLabels(client: GoogleClient, signal?: AbortSignal): Promise<GmailLabel[]> {
  const body = await client.request<{ labels?: GmailLabel[] }>('gmail', 'GET', `${USER}/labels`, { signal, level: 'read', operation: 'gmail.users.labels.list' });
  return body.labels ?? [];
}

export interface LabelChange {
  addLabelIds?: string[];
  removeLabelIds?: string[];
}

/** messages.modify or threads.modify: a thread's change applies to every message in it. */
export function modifyLabels(client: GoogleClient, target: 'message' | 'thread', id: string, change: LabelChange, level: 'organize' | 'delete' = 'organize', signal?: AbortSignal): Promise<GmailMessage | GmailThread> {
  const resource = target === 'message' ? 'messages' : 'threads';
  return client.request('gmail', 'POST', `${USER}/${resource}/{id}/modify`, {
    params: { id },
    json: change,
    signal,
    level,
    operation: `gmail.users.${resource}.modify`,
  });
}

export function trash(client: GoogleClient, target: 'message' | 'thread', id: string, signal?: AbortSignal): Promise<GmailMessage | GmailThread> {
  const resource = target === 'message' ? 'messages' : 'threads';
  return client.request('gmail', 'POST', `${USER}/${resource}/{id}/trash`, { params: { id }, signal, level: 'delete', operation: `gmail.users.${resource}.trash` });
}

/** The `raw` of a message and, for a reply, the thread it joins. */
export function rawMessage(message: OutgoingMessage, threadId?: string): { raw: string; threadId?: string } {
  return { raw: toBase64Url(buildMessage(message)), ...(threadId ? { threadId } : {}) };
}

export function createDraft(client: GoogleClient, message: { raw: string; threadId?: string }, signal?: AbortSignal): Promise<GmailDraft> {
  return client.request('gmail', 'POST', `${USER}/drafts`, { json: { message }, signal, level: 'draft', operation: 'gmail.users.drafts.create' });
}

export function updateDraft(client: GoogleClient, id: string, message: { raw: string; threadId?: string }, signal?: AbortSignal): Promise<GmailDraft> {
  return client.request('gmail', 'PUT', `${USER}/drafts/{id}`, { params: { id }, json: { id, message }, signal, level: 'draft', operation: 'gmail.users.drafts.update' });
}

export function getDraft(client: GoogleClient, id: string, format: GmailFormat = 'full', signal?: AbortSignal): Promise<GmailDraft> {
  return client.request('gmail', 'GET', `${USER}/drafts/{id}`, { params: { id }, query: { format }, signal, level: 'draft', operation: 'gmail.users.drafts.get' });
}

export function sendDraft(client: GoogleClient, id: string, signal?: AbortSignal): Promise<GmailMessage> {
  return client.request('gmail', 'POST', `${USER}/drafts/send`, { json: { id }, signal, level: 'send', operation: 'gmail.users.drafts.send' });
}

export function sendMessage(client: GoogleClient, message: { raw: string; threadId?: string }, signal?: AbortSignal): Promise<GmailMessage> {
  return client.request('gmail', 'POST', `${USER}/messages/send`, { json: message, signal, level: 'send', operation: 'gmail.users.messages.send' });
}

export function getProfile(client: GoogleClient, signal?: AbortSignal): Promise<{ emailAddress: string; messagesTotal?: number; threadsTotal?: number; historyId?: string }> {
  return client.request('gmail', 'GET', `${USER}/profile`, { signal, level: 'read', operation: 'gmail.users.getProfile' });
}
