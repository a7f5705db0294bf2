import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import { SCOPES } from '../scopes.js';
import { apiRoute, type FakeContext } from './context.js';
import { header, matchesQuery, newMessageId, parseRaw, payloadOf, rawOf, snippetOf, type Mailbox, type StoredMessage } from './mail-state.js';
import { badRequest, bodyOf, googleError, notFound, ok, offsetOf, pageTokenFor } from './respond.js';
import { mailboxOf } from './state.js';

/** Gmail v1: messages, threads, labels, drafts and the profile, for `users/me` or the token's own address. */
export function gmailRoutes(ctx: FakeContext): FakeRoute[] {
  const route = (id: string, handler: (request: FakeRequest, mailbox: Mailbox, user: string) => FakeResponse) =>
    apiRoute(ctx, id, (request, user) => {
      const userId = request.params['userId'];
      if (userId !== 'me' && userId?.toLowerCase() !== user.toLowerCase()) return googleError(403, `Delegation denied for ${user}`, { reason: 'forbidden' });
      return handler(request, mailboxOf(ctx.state, user), user);
    });
  const metadataOnly = (request: FakeRequest) => {
    const scopes = ctx.grantOf(request).scopes;
    return scopes.has(SCOPES.gmailMetadata) && ![SCOPES.gmailReadonly, SCOPES.gmailModify, 'https://mail.google.com/'].some((scope) => scopes.has(scope));
  };

  return [
    route('gmail.users.getProfile', (_request, mailbox, user) =>
      ok({ emailAddress: user, messagesTotal: mailbox.messages.size, threadsTotal: new Set([...mailbox.messages.values()].map((m) => m.threadId)).size, historyId: String(mailbox.historyId) }),
    ),
    route('gmail.users.messages.list', (request, mailbox) => {
      if (request.query.get('q') && metadataOnly(request)) return googleError(403, "Metadata scope does not support 'q' parameter", { reason: 'forbidden' });
      const found = search(mailbox, request, ctx.now());
      return listPage(request, found, (message) => ({ id: message.id, threadId: message.threadId }), 'messages');
    }),
    route('gmail.users.messages.get', (request, mailbox) => {
      const message = mailbox.messages.get(request.params['id']!);
      if (!message) return notFound();
      const format = request.query.get('format') ?? 'full';
      if ((format === 'full' || format === 'raw') && metadataOnly(request)) return googleError(403, `Metadata scope doesn't allow format ${format.toUpperCase()}`, { reason: 'forbidden' });
      return ok(render(message, format, request.query.getAll('metadataHeaders')));
    }),
    route('gmail.users.messages.attachments.get', (request, mailbox) => {
      const attachment = mailbox.messages.get(request.params['messageId']!)?.attachments.find((candidate) => candidate.attachmentId === request.params['id']);
      return attachment ? ok({ size: attachment.data.length, data: attachment.data.toString('base64url') }) : notFound();
    }),
    route('gmail.users.messages.modify', (request, mailbox) => modify(mailbox, [mailbox.messages.get(request.params['id']!)], bodyOf(request), (m) => render(m, 'minimal'))),
    route('gmail.users.messages.trash', (request, mailbox) => modify(mailbox, [mailbox.messages.get(request.params['id']!)], { addLabelIds: ['TRASH'], removeLabelIds: ['INBOX'] }, (m) => render(m, 'minimal'))),
    route('gmail.users.messages.send', (request, mailbox, user) => deliver(ctx, mailbox, user, bodyOf(request))),
    route('gmail.users.threads.list', (request, mailbox) => {
      if (request.query.get('q') && metadataOnly(request)) return googleError(403, "Metadata scope does not support 'q' parameter", { reason: 'forbidden' });
      const latest = new Map<string, StoredMessage>();
      for (const message of search(mailbox, request, ctx.now())) if (!latest.has(message.threadId)) latest.set(message.threadId, message);
      return listPage(request, [...latest.values()], (message) => ({ id: message.threadId, snippet: snippetOf(message), historyId: String(message.historyId) }), 'threads');
    }),
    route('gmail.users.threads.get', (request, mailbox) => {
      const messages = threadOf(mailbox, request.params['id']!);
      if (!messages.length) return notFound();
      const format = request.query.get('format') ?? 'full';
      if (format === 'full' && metadataOnly(request)) return googleError(403, "Metadata scope doesn't allow format FULL", { reason: 'forbidden' });
      return ok({ id: request.params['id'], historyId: String(Math.max(...messages.map((m) => m.historyId))), messages: messages.map((m) => render(m, format, request.query.getAll('metadataHeaders'))) });
    }),
    route('gmail.users.threads.modify', (request, mailbox) => modify(mailbox, threadOf(mailbox, request.params['id']!), bodyOf(request), () => ({ id: request.params['id'] }))),
    route('gmail.users.threads.trash', (request, mailbox) => modify(mailbox, threadOf(mailbox, request.params['id']!), { addLabelIds: ['TRASH'], removeLabelIds: ['INBOX'] }, () => ({ id: request.params['id'] }))),
    route('gmail.users.labels.list', (_request, mailbox) => ok({ labels: mailbox.labels.map((label) => ({ ...label, ...(label.type === 'system' ? {} : { messageListVisibility: 'show', labelListVisibility: 'labelShow' }) })) })),
    route('gmail.users.drafts.create', (request, mailbox, user) => saveDraft(ctx, mailbox, user, undefined, bodyOf(request))),
    route('gmail.users.drafts.update', (request, mailbox, user) => (mailbox.drafts.has(request.params['id']!) ? saveDraft(ctx, mailbox, user, request.params['id']!, bodyOf(request)) : notFound())),
    route('gmail.users.drafts.get', (request, mailbox) => {
      const message = mailbox.messages.get(mailbox.drafts.get(request.params['id']!) ?? '');
      return message ? ok({ id: request.params['id'], message: render(message, request.query.get('format') ?? 'full') }) : notFound();
    }),
    route('gmail.users.drafts.send', (request, mailbox, user) => {
      const id = String(bodyOf(request)['id'] ?? '');
      const message = mailbox.messages.get(mailbox.drafts.get(id) ?? '');
      if (!message) return notFound();
      mailbox.drafts.delete(id);
      mailbox.messages.delete(message.id);
      return deliver(ctx, mailbox, user, { raw: rawWithBcc(message), threadId: message.threadId });
    }),
  ];
}

function search(mailbox: Mailbox, request: FakeRequest, now: number): StoredMessage[] {
  const q = request.query.get('q') ?? '';
  const labels = request.query.getAll('labelIds');
  const spam = request.query.get('includeSpamTrash') === 'true' || /\bin:(trash|spam|anywhere)\b/i.test(q);
  return [...mailbox.messages.values()]
    .filter((message) => !message.labelIds.includes('DRAFT'))
    .filter((message) => spam || !message.labelIds.some((label) => label === 'TRASH' || label === 'SPAM'))
    .filter((message) => labels.every((label) => message.labelIds.includes(label)))
    .filter((message) => !q || matchesQuery(message, q, now))
    .sort((a, b) => b.internalDate - a.internalDate);
}

/** A Gmail page: full pages (Gmail's are), the list key absent when empty, `resultSizeEstimate` always. */
function listPage(request: FakeRequest, items: StoredMessage[], shape: (message: StoredMessage) => Record<string, unknown>, key: string): FakeResponse {
  const max = Number(request.query.get('maxResults') ?? 100);
  if (max > 500) return badRequest(`Invalid maxResults: ${max}; the maximum is 500`, 'maxResults');
  const offset = offsetOf(request.query.get('pageToken'));
  if (offset === undefined) return badRequest('Invalid pageToken', 'pageToken');
  const slice = items.slice(offset, offset + max);
  return ok({ ...(slice.length ? { [key]: slice.map(shape) } : {}), ...(offset + max < items.length ? { nextPageToken: pageTokenFor(offset + max) } : {}), resultSizeEstimate: items.length });
}

function render(message: StoredMessage, format: string, metadataHeaders: string[] = []): Record<string, unknown> {
  const base = { id: message.id, threadId: message.threadId, labelIds: message.labelIds, snippet: snippetOf(message), historyId: String(message.historyId), internalDate: String(message.internalDate), sizeEstimate: 512 + message.text.length };
  if (format === 'raw') return { ...base, raw: rawOf(message) };
  const payload = payloadOf(message, format, metadataHeaders);
  return payload ? { ...base, payload } : base;
}

function threadOf(mailbox: Mailbox, threadId: string): StoredMessage[] {
  return [...mailbox.messages.values()].filter((message) => message.threadId === threadId && !message.labelIds.includes('DRAFT')).sort((a, b) => a.internalDate - b.internalDate);
}

function modify(mailbox: Mailbox, messages: Array<StoredMessage | undefined>, change: Record<string, unknown>, answer: (message: StoredMessage) => unknown): FakeResponse {
  const found = messages.filter((message): message is StoredMessage => Boolean(message));
  if (!found.length) return notFound();
  const add = (change['addLabelIds'] as string[] | undefined) ?? [];
  const remove = (change['removeLabelIds'] as string[] | undefined) ?? [];
  const unknown = [...add, ...remove].find((id) => !mailbox.labels.some((label) => label.id === id));
  if (unknown) return badRequest(`Invalid label: ${unknown}`);
  if ([...add, ...remove].some((id) => id === 'SENT' || id === 'DRAFT')) return badRequest('Invalid label: SENT and DRAFT cannot be changed');
  for (const message of found) {
    message.labelIds = [...new Set([...message.labelIds.filter((label) => !remove.includes(label)), ...add])];
    message.historyId = ++mailbox.historyId;
  }
  return ok(answer(found[0]!));
}

/** A message from a client's `raw`; it joins `threadId` only as Gmail does: the thread exists and the subjects match. */
function incoming(mailbox: Mailbox, body: Record<string, unknown>, labels: string[], now: number): StoredMessage | FakeResponse {
  const raw = body['raw'];
  if (typeof raw !== 'string' || !raw) return badRequest("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
  const parsed = parseRaw(raw);
  if (!parsed) return badRequest('Invalid value for ByteString: the raw message must be base64url encoded (- and _, not + and /)', 'raw');
  if (!parsed.headers.some(([name]) => /^to$/i.test(name)) && !labels.includes('DRAFT')) return badRequest('Invalid To header');
  const id = newMessageId();
  const subject = (parsed.headers.find(([name]) => /^subject$/i.test(name))?.[1] ?? '').replace(/^(re|fwd?):\s*/i, '');
  const requested = typeof body['threadId'] === 'string' ? body['threadId'] : undefined;
  const sibling = requested ? [...mailbox.messages.values()].find((message) => message.threadId === requested) : undefined;
  const joins = sibling && (header(sibling, 'Subject') ?? '').replace(/^(re|fwd?):\s*/i, '') === subject && parsed.headers.some(([name]) => /^(in-reply-to|references)$/i.test(name));
  const headers = parsed.headers.some(([name]) => /^message-id$/i.test(name)) ? parsed.headers : [...parsed.headers, ['Message-ID', `<${id}@mail.gmail.com>`] as [string, string]];
  const message: StoredMessage = { id, threadId: joins ? requested! : id, labelIds: labels, internalDate: now, headers: [...headers, ['Date', new Date(now).toUTCString()]], text: parsed.text, attachments: [], historyId: ++mailbox.historyId };
  return message;
}

function deliver(ctx: FakeContext, mailbox: Mailbox, user: string, body: Record<string, unknown>): FakeResponse {
  const message = incoming(mailbox, body, ['SENT'], ctx.now());
  if (!('id' in message)) return message;
  message.headers = [['From', user], ...message.headers.filter(([name]) => !/^(from|bcc)$/i.test(name))];
  mailbox.messages.set(message.id, message);
  const recipients = ['To', 'Cc', 'Bcc'].flatMap((name) => (header({ ...message, headers: parseHeaders(body) }, name) ?? '').match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? []);
  for (const recipient of new Set(recipients.map((address) => address.toLowerCase()))) {
    if (!ctx.state.mailboxes.has(recipient)) continue;
    const inbox = mailboxOf(ctx.state, recipient);
    const copy = { ...message, id: newMessageId(), threadId: newMessageId(), labelIds: ['INBOX', 'UNREAD'], historyId: ++inbox.historyId, headers: message.headers };
    inbox.messages.set(copy.id, copy);
  }
  return ok({ id: message.id, threadId: message.threadId, labelIds: message.labelIds });
}

function parseHeaders(body: Record<string, unknown>): Array<[string, string]> {
  return parseRaw(String(body['raw'] ?? ''))?.headers ?? [];
}

function saveDraft(ctx: FakeContext, mailbox: Mailbox, _user: string, draftId: string | undefined, body: Record<string, unknown>): FakeResponse {
  const message = incoming(mailbox, (body['message'] ?? {}) as Record<string, unknown>, ['DRAFT'], ctx.now());
  if (!('id' in message)) return message;
  const id = draftId ?? `r${newMessageId()}`;
  const previous = mailbox.drafts.get(id);
  if (previous) mailbox.messages.delete(previous);
  mailbox.messages.set(message.id, message);
  mailbox.drafts.set(id, message.id);
  return ok({ id, message: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } });
}

/** A draft's message as raw again, keeping its Bcc for delivery. */
function rawWithBcc(message: StoredMessage): string {
  const lines = message.headers.filter(([name]) => !/^date$/i.test(name)).map(([name, value]) => `${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${message.text}`).toString('base64url');
}
