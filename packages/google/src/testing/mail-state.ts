import { fromBase64Url, toBase64Url } from '../mime.js';
import { newId } from './respond.js';

/** A stored message: headers and parts as the fake keeps them, rendered into Gmail's formats on the way out. */
export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  headers: Array<[string, string]>;
  text: string;
  html?: string;
  attachments: Array<{ attachmentId: string; filename: string; mimeType: string; data: Buffer }>;
  historyId: number;
}

export interface Mailbox {
  messages: Map<string, StoredMessage>;
  labels: Array<{ id: string; name: string; type: 'system' | 'user' }>;
  drafts: Map<string, string>;
  historyId: number;
}

export const SYSTEM_LABELS = ['INBOX', 'SENT', 'DRAFT', 'SPAM', 'TRASH', 'UNREAD', 'STARRED', 'IMPORTANT', 'CATEGORY_PERSONAL', 'CATEGORY_UPDATES', 'CATEGORY_PROMOTIONS'];

export function emptyMailbox(): Mailbox {
  return { messages: new Map(), labels: SYSTEM_LABELS.map((id) => ({ id, name: id, type: 'system' })), drafts: new Map(), historyId: 1000 };
}

export function header(message: StoredMessage, name: string): string | undefined {
  return message.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** Gmail's MessagePart tree: text (and HTML) as multipart/alternative, attachments beside it in multipart/mixed. */
export function payloadOf(message: StoredMessage, format: string, only?: string[]): Record<string, unknown> | undefined {
  if (format === 'minimal' || format === 'raw') return undefined;
  const headers = message.headers
    .filter(([name]) => format !== 'metadata' || !only?.length || only.some((wanted) => wanted.toLowerCase() === name.toLowerCase()))
    .map(([name, value]) => ({ name, value }));
  const text = { partId: '0', mimeType: 'text/plain', filename: '', headers: [{ name: 'Content-Type', value: 'text/plain; charset="UTF-8"' }], body: { size: Buffer.byteLength(message.text), data: toBase64Url(message.text) } };
  const html = message.html ? { partId: '1', mimeType: 'text/html', filename: '', headers: [{ name: 'Content-Type', value: 'text/html; charset="UTF-8"' }], body: { size: Buffer.byteLength(message.html), data: toBase64Url(message.html) } } : undefined;
  const body = html ? { mimeType: 'multipart/alternative', filename: '', body: { size: 0 }, parts: [text, html] } : text;
  const mime = message.attachments.length
    ? {
        mimeType: 'multipart/mixed',
        filename: '',
        body: { size: 0 },
        parts: [
          { ...body, partId: '0' },
          ...message.attachments.map((attachment, index) => ({
            partId: String(index + 1),
            mimeType: attachment.mimeType,
            filename: attachment.filename,
            headers: [{ name: 'Content-Disposition', value: `attachment; filename="${attachment.filename}"` }],
            body: { attachmentId: attachment.attachmentId, size: attachment.data.length },
          })),
        ],
      }
    : body;
  if (format === 'metadata') return { partId: '', mimeType: mime.mimeType, filename: '', headers };
  return { ...mime, partId: '', headers };
}

export function rawOf(message: StoredMessage): string {
  const lines = message.headers.map(([name, value]) => `${name}: ${value}`);
  return toBase64Url(`${lines.join('\r\n')}\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n${message.text}`);
}

export function snippetOf(message: StoredMessage): string {
  return message.text.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** A message from a client's `raw`: base64url RFC 2822, parsed enough to store (headers, the text part). */
export function parseRaw(raw: string): { headers: Array<[string, string]>; text: string } | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(raw)) return undefined;
  const source = fromBase64Url(raw).toString('utf8');
  const split = source.search(/\r?\n\r?\n/);
  const head = split < 0 ? source : source.slice(0, split);
  const rest = split < 0 ? '' : source.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), decodeWords(line.slice(colon + 1).trim())];
    });
  return { headers: headers.filter(([name]) => !/^(content-type|content-transfer-encoding|mime-version)$/i.test(name)), text: decodeBody(rest, headers) };
}

function decodeBody(body: string, headers: Array<[string, string]>): string {
  const type = headers.find(([name]) => /^content-type$/i.test(name))?.[1] ?? 'text/plain';
  const encoding = headers.find(([name]) => /^content-transfer-encoding$/i.test(name))?.[1]?.toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary) {
    const part = body.split(`--${boundary}`).find((candidate) => /content-type:\s*text\/plain/i.test(candidate));
    if (!part) return '';
    const parsed = part.replace(/^\r?\n/, '');
    const split = parsed.search(/\r?\n\r?\n/);
    const partHeaders = parsed.slice(0, split).split(/\r?\n/).map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
    return decodeBody(parsed.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, ''), partHeaders);
  }
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return body;
}

function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([^?]+)\?=/gi, (_m, data: string) => Buffer.from(data, 'base64').toString('utf8'));
}

/** Gmail search, the subset the fake understands: from: to: subject: label: in: is: has:attachment newer_than: after: before: and words. */
export function matchesQuery(message: StoredMessage, query: string, nowMs: number): boolean {
  const terms = query.match(/(\w+:)?("[^"]*"|\S+)/g) ?? [];
  return terms.every((term) => {
    const negate = term.startsWith('-');
    const match = matchTerm(message, negate ? term.slice(1) : term, nowMs);
    return negate ? !match : match;
  });
}

function matchTerm(message: StoredMessage, term: string, nowMs: number): boolean {
  const colon = term.indexOf(':');
  const operator = colon > 0 ? term.slice(0, colon).toLowerCase() : '';
  const value = (colon > 0 ? term.slice(colon + 1) : term).replace(/^"|"$/g, '').toLowerCase();
  const has = (text: string | undefined) => (text ?? '').toLowerCase().includes(value);
  switch (operator) {
    case 'from':
      return has(header(message, 'From'));
    case 'to':
      return has(header(message, 'To')) || has(header(message, 'Cc'));
    case 'subject':
      return has(header(message, 'Subject'));
    case 'label':
    case 'in':
      return value === 'anywhere' || message.labelIds.some((label) => label.toLowerCase() === value);
    case 'is':
      return value === 'read' ? !message.labelIds.includes('UNREAD') : message.labelIds.includes(value.toUpperCase());
    case 'has':
      return value === 'attachment' ? message.attachments.length > 0 : false;
    case 'filename':
      return message.attachments.some((attachment) => attachment.filename.toLowerCase().includes(value));
    case 'newer_than':
    case 'older_than': {
      const amount = Number.parseInt(value, 10);
      const unit = { d: 86_400_000, m: 30 * 86_400_000, y: 365 * 86_400_000 }[value.slice(-1)] ?? 86_400_000;
      const newer = message.internalDate >= nowMs - amount * unit;
      return operator === 'newer_than' ? newer : !newer;
    }
    case 'after':
    case 'before': {
      const at = Date.parse(value.replace(/\//g, '-'));
      return operator === 'after' ? message.internalDate >= at : message.internalDate < at;
    }
    default:
      return [header(message, 'Subject'), header(message, 'From'), header(message, 'To'), message.text].some(has);
  }
}

export function newMessageId(): string {
  return newId(16);
}
