/**
 * The small part of MIME the Gmail tools need: building a plain-text RFC 2822
 * message (with reply threading headers) as Gmail's base64url `raw`, and
 * reading a Gmail `payload` back as text with its attachment list.
 */

export interface OutgoingMessage {
  from?: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  text: string;
  /** The Message-ID of the message replied to. */
  inReplyTo?: string;
  /** The thread's earlier Message-IDs, oldest first. */
  references?: string[];
}

export function toBase64Url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

/** Gmail's `raw` and `body.data` are base64url; standard base64 is tolerated on the way in. */
export function fromBase64Url(data: string): Buffer {
  return Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** An RFC 2822 message: UTF-8 text, base64 transfer encoding, RFC 2047 encoded words where a header is not ASCII. */
export function buildMessage(message: OutgoingMessage): string {
  const headers: Array<[string, string]> = [];
  if (message.from) headers.push(['From', message.from]);
  headers.push(['To', message.to.join(', ')]);
  if (message.cc?.length) headers.push(['Cc', message.cc.join(', ')]);
  if (message.bcc?.length) headers.push(['Bcc', message.bcc.join(', ')]);
  headers.push(['Subject', encodeWord(message.subject)]);
  if (message.inReplyTo) headers.push(['In-Reply-To', message.inReplyTo]);
  if (message.references?.length) headers.push(['References', message.references.join(' ')]);
  headers.push(['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="UTF-8"'], ['Content-Transfer-Encoding', 'base64']);
  const body = (Buffer.from(message.text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  return `${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${body}\r\n`;
}

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** "Re: " once, as mail clients do, so Gmail keeps the reply in the thread (the subjects must match). */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject : `Re: ${subject}`;
}

/** The addresses in a header value (`"Ada" <ada@example.com>, bob@example.com`). */
export function addressesOf(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((match) => match[0].toLowerCase());
}

/** Gmail's MessagePart, as much of it as is read here. */
export interface GmailPart {
  partId?: string;
  mimeType?: string;
  filename?: string;
  headers?: Array<{ name: string; value: string }>;
  body?: { size?: number; data?: string; attachmentId?: string };
  parts?: GmailPart[];
}

export interface AttachmentInfo {
  attachmentId: string;
  filename: string;
  mimeType: string;
  size: number;
}

/** A header's value, case-insensitively. */
export function headerOf(part: GmailPart | undefined, name: string): string | undefined {
  return part?.headers?.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
}

/** The message's text: its text/plain parts, else its HTML reduced to text. */
export function textOf(payload: GmailPart | undefined): string {
  if (!payload) return '';
  const plain = collect(payload, 'text/plain');
  if (plain.length) return plain.join('\n');
  const html = collect(payload, 'text/html');
  return html.map(htmlToText).join('\n');
}

function collect(part: GmailPart, mimeType: string): string[] {
  if (part.filename) return [];
  if (part.mimeType === mimeType && part.body?.data) return [fromBase64Url(part.body.data).toString('utf8')];
  return (part.parts ?? []).flatMap((child) => collect(child, mimeType));
}

export function attachmentsOf(part: GmailPart | undefined): AttachmentInfo[] {
  if (!part) return [];
  const own = part.filename && part.body?.attachmentId ? [{ attachmentId: part.body.attachmentId, filename: part.filename, mimeType: part.mimeType ?? 'application/octet-stream', size: part.body.size ?? 0 }] : [];
  return [...own, ...(part.parts ?? []).flatMap(attachmentsOf)];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML to readable text: block elements become line breaks, scripts and styles vanish, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
