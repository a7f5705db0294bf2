import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { GoogleClient } from './client.js';
import { PLATFORM } from './errors.js';
import {
  createDraft,
  getAttachment,
  getDraft,
  getMessage,
  getThread,
  listLabels,
  listMessages,
  listThreads,
  modifyLabels,
  rawMessage,
  sendDraft,
  sendMessage,
  trash,
  updateDraft,
  type GmailMessage,
} from './gmail.api.js';
import { addressesOf, attachmentsOf, fromBase64Url, headerOf, replySubject, textOf, type GmailPart } from './mime.js';
import { clip, emailAddress, limit, mapLimit, maxChars, pageToken, untrustedText } from './schemas.js';
import { googleTool } from './tool.js';

const SUMMARY_HEADERS = ['From', 'To', 'Subject', 'Date'];

const summarySchema = z.object({
  threadId: z.string(),
  messageId: z.string().optional(),
  subject: z.string(),
  from: z.string(),
  date: z.string(),
  messageCount: z.number().optional(),
  labelIds: z.array(z.string()),
  untrustedSnippet: untrustedText('A short part of the text'),
});

const attachmentSchema = z.object({ attachmentId: z.string(), filename: z.string(), mimeType: z.string(), size: z.number() });

const messageSchema = z.object({
  messageId: z.string(),
  threadId: z.string(),
  from: z.string(),
  to: z.string(),
  cc: z.string().optional(),
  date: z.string(),
  subject: z.string(),
  labelIds: z.array(z.string()),
  rfc822MessageId: z.string().optional().describe('The Message-ID header, for reply threading'),
  attachments: z.array(attachmentSchema),
  untrustedBody: untrustedText('The message text (HTML reduced to text)'),
  truncated: z.boolean(),
});

const searchInput = {
  query: z.string().max(2000).optional().describe('Gmail search syntax, as in the Gmail search box: from:ada@example.com subject:invoice is:unread newer_than:7d has:attachment'),
  labelIds: z.array(z.string()).max(20).optional().describe('Only items with all of these label ids (INBOX, UNREAD, STARRED, or a user label id from google_list_labels)'),
  includeSpamTrash: z.boolean().default(false).describe('Include Spam and Trash (default false)'),
  pageToken,
};

const targetInput = {
  target: z.enum(['thread', 'message']).default('thread').describe('Whether ids are thread ids (every message of the conversation, the default) or message ids'),
  ids: z.array(z.string().min(1)).min(1).max(50).describe('Thread or message ids from a search'),
};

const composeInput = {
  to: z.array(emailAddress).max(100).default([]).describe('Recipients; for a reply, default the original sender'),
  cc: z.array(emailAddress).max(100).optional().describe('Copy recipients'),
  bcc: z.array(emailAddress).max(100).optional().describe('Blind copy recipients'),
  subject: z.string().max(998).optional().describe('Subject; for a reply, default "Re: " and the original subject'),
  body: z.string().max(1_000_000).describe('Plain-text body'),
  replyToMessageId: z.string().optional().describe('Gmail message id being replied to: the reply joins its thread with In-Reply-To and References'),
};

const composeOutput = z.object({ draftId: z.string().optional(), messageId: z.string(), threadId: z.string(), to: z.array(z.string()), subject: z.string() });

export const searchThreadsTool = googleTool({
  name: 'google_search_threads',
  title: 'Search Gmail conversations',
  description:
    'Searches the mailbox for conversations (threads) with Gmail search syntax and returns, per thread, its subject, first sender, last date, message count and a snippet. Use google_get_thread to read one.',
  input: z.object({ ...searchInput, limit: limit(100, 20, 'threads') }),
  output: z.object({ threads: z.array(summarySchema), nextPageToken: z.string().optional(), resultSizeEstimate: z.number().optional() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const found = await collectPages(input.limit, input.pageToken, (size, token) =>
      listThreads(client, { q: input.query, labelIds: input.labelIds, includeSpamTrash: input.includeSpamTrash, maxResults: size, pageToken: token, signal }).then((page) => ({ items: page.threads, next: page.nextPageToken, estimate: page.resultSizeEstimate })),
    );
    const threads = await mapLimit(found.items, 5, async (thread) => {
      const full = await getThread(client, thread.id, 'metadata', SUMMARY_HEADERS, signal);
      const messages = full.messages ?? [];
      const first = messages[0];
      const last = messages.at(-1);
      return {
        threadId: thread.id,
        subject: headerOf(first?.payload, 'Subject') ?? '',
        from: headerOf(first?.payload, 'From') ?? '',
        date: headerOf(last?.payload, 'Date') ?? '',
        messageCount: messages.length,
        labelIds: [...new Set(messages.flatMap((message) => message.labelIds ?? []))],
        untrustedSnippet: thread.snippet ?? full.snippet ?? '',
      };
    });
    return { threads, ...(found.next ? { nextPageToken: found.next } : {}), ...(found.estimate !== undefined ? { resultSizeEstimate: found.estimate } : {}) };
  },
});

export const searchMessagesTool = googleTool({
  name: 'google_search_messages',
  title: 'Search Gmail messages',
  description:
    'Searches single messages (not conversations) with Gmail search syntax; returns per message its sender, subject, date, labels and a snippet. Prefer google_search_threads unless individual messages matter.',
  input: z.object({ ...searchInput, limit: limit(100, 20, 'messages') }),
  output: z.object({ messages: z.array(summarySchema), nextPageToken: z.string().optional(), resultSizeEstimate: z.number().optional() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const found = await collectPages(input.limit, input.pageToken, (size, token) =>
      listMessages(client, { q: input.query, labelIds: input.labelIds, includeSpamTrash: input.includeSpamTrash, maxResults: size, pageToken: token, signal }).then((page) => ({ items: page.messages, next: page.nextPageToken, estimate: page.resultSizeEstimate })),
    );
    const messages = await mapLimit(found.items, 5, async (ref) => {
      const message = await getMessage(client, ref.id, 'metadata', SUMMARY_HEADERS, signal);
      return {
        threadId: message.threadId,
        messageId: message.id,
        subject: headerOf(message.payload, 'Subject') ?? '',
        from: headerOf(message.payload, 'From') ?? '',
        date: headerOf(message.payload, 'Date') ?? '',
        labelIds: message.labelIds ?? [],
        untrustedSnippet: message.snippet ?? '',
      };
    });
    return { messages, ...(found.next ? { nextPageToken: found.next } : {}), ...(found.estimate !== undefined ? { resultSizeEstimate: found.estimate } : {}) };
  },
});

export const getThreadTool = googleTool({
  name: 'google_get_thread',
  title: 'Read a Gmail conversation',
  description: 'Reads every message of a conversation as text, oldest first, with From/To/Cc/Date/Subject, labels and the attachment list (read one with google_get_attachment).',
  input: z.object({ threadId: z.string().min(1).describe('Thread id from google_search_threads'), maxCharsPerMessage: maxChars }),
  output: z.object({ threadId: z.string(), subject: z.string(), messages: z.array(messageSchema) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async ({ threadId, maxCharsPerMessage }, { client, signal }) => {
    const thread = await getThread(client, threadId, 'full', undefined, signal);
    const messages = (thread.messages ?? []).map((message) => readable(message, maxCharsPerMessage));
    return { threadId: thread.id, subject: messages[0]?.subject ?? '', messages };
  },
});

export const getMessageTool = googleTool({
  name: 'google_get_message',
  title: 'Read a Gmail message',
  description: 'Reads one message as text with its headers, labels and attachment list.',
  input: z.object({ messageId: z.string().min(1).describe('Message id from google_search_messages or google_get_thread'), maxChars }),
  output: messageSchema,
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async ({ messageId, maxChars: max }, { client, signal }) => readable(await getMessage(client, messageId, 'full', undefined, signal), max),
});

const TEXT_TYPES = /^(text\/|application\/(json|xml|csv|javascript|x-yaml|yaml|x-sh|sql)|message\/rfc822)/i;

export const getAttachmentTool = googleTool({
  name: 'google_get_attachment',
  title: 'Read a Gmail attachment',
  description:
    "Returns an attachment's text when it is a text format (plain text, CSV, JSON, XML, HTML reduced to text, an attached email); for other formats (PDF, images, Office files) it says so and gives the size.",
  input: z.object({
    messageId: z.string().min(1).describe('Message id the attachment belongs to'),
    attachmentId: z.string().min(1).describe('attachmentId from the message’s attachment list'),
    maxChars,
  }),
  output: z.object({
    filename: z.string(),
    mimeType: z.string(),
    size: z.number(),
    textAvailable: z.boolean(),
    untrustedText: untrustedText('The attachment text').optional(),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async ({ messageId, attachmentId, maxChars: max }, { client, signal }) => {
    const message = await getMessage(client, messageId, 'full', undefined, signal);
    const info = attachmentsOf(message.payload).find((attachment) => attachment.attachmentId === attachmentId);
    if (!info) {
      throw new ValidationError(`Message ${messageId} has no attachment ${attachmentId}`, [{ path: 'attachmentId', message: 'is not an attachment of this message' }], {
        platform: PLATFORM,
        hint: 'read the message with google_get_message for its attachment ids',
      });
    }
    if (!TEXT_TYPES.test(info.mimeType)) return { ...info, textAvailable: false, truncated: false };
    const body = await getAttachment(client, messageId, attachmentId, signal);
    const text = fromBase64Url(body.data).toString('utf8');
    const clipped = clip(info.mimeType.includes('html') ? textOf({ mimeType: 'text/html', body: { data: body.data } }) : text, max);
    return { filename: info.filename, mimeType: info.mimeType, size: body.size ?? info.size, textAvailable: true, untrustedText: clipped.text, truncated: clipped.truncated };
  },
});

export const listLabelsTool = googleTool({
  name: 'google_list_labels',
  title: 'List Gmail labels',
  description: 'Lists the mailbox labels (system labels such as INBOX, UNREAD, STARRED and the user’s own) with their ids, for searching and labelling.',
  input: z.object({}),
  output: z.object({ labels: z.array(z.object({ id: z.string(), name: z.string(), type: z.string().optional() })) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  cache: { ttlSeconds: 300 },
  handler: async (_input, { client, signal }) => ({
    labels: (await listLabels(client, signal)).map((label) => ({ id: label.id, name: label.name, ...(label.type ? { type: label.type } : {}) })),
  }),
});

export const modifyLabelsTool = googleTool({
  name: 'google_modify_labels',
  title: 'Add or remove Gmail labels',
  description: 'Adds and removes labels on conversations or messages: mark read (remove UNREAD), star (add STARRED), file under a user label (by name or id).',
  input: z
    .object({
      ...targetInput,
      add: z.array(z.string().min(1)).max(20).default([]).describe('Label names or ids to add (INBOX, UNREAD, STARRED, IMPORTANT, or a user label)'),
      remove: z.array(z.string().min(1)).max(20).default([]).describe('Label names or ids to remove'),
    }),
  output: z.object({ changed: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    if (!input.add.length && !input.remove.length) {
      throw new ValidationError('Nothing to change', [{ path: 'add', message: 'name at least one label to add or remove' }], { platform: PLATFORM });
    }
    const [addLabelIds, removeLabelIds] = await resolveLabels(client, [input.add, input.remove], signal);
    await mapLimit(input.ids, 5, (id) => modifyLabels(client, input.target, id, { addLabelIds, removeLabelIds }, 'organize', signal));
    return { changed: input.ids, added: addLabelIds!, removed: removeLabelIds! };
  },
});

export const archiveMailTool = googleTool({
  name: 'google_archive_mail',
  title: 'Archive Gmail conversations',
  description: 'Archives conversations or messages: removes them from the Inbox, keeping them in All Mail and searchable.',
  input: z.object(targetInput),
  output: z.object({ archived: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    await mapLimit(input.ids, 5, (id) => modifyLabels(client, input.target, id, { removeLabelIds: ['INBOX'] }, 'organize', signal));
    return { archived: input.ids };
  },
});

export const trashMailTool = googleTool({
  name: 'google_trash_mail',
  title: 'Move Gmail conversations to Trash',
  description: 'Moves conversations or messages to Trash (Gmail empties it after 30 days).',
  input: z.object(targetInput),
  output: z.object({ trashed: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    await mapLimit(input.ids, 5, (id) => trash(client, input.target, id, signal));
    return { trashed: input.ids };
  },
});

export const createDraftTool = googleTool({
  name: 'google_create_draft',
  title: 'Create a Gmail draft',
  description: 'Creates a draft (nothing is sent): a new message, or a reply that joins the original’s thread. The user can review it in Gmail; google_send_draft sends it.',
  input: z.object(composeInput),
  output: composeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const composed = await compose(client, input, signal);
    const draft = await createDraft(client, composed.message, signal);
    return { draftId: draft.id, messageId: draft.message.id, threadId: draft.message.threadId, to: composed.to, subject: composed.subject };
  },
});

export const updateDraftTool = googleTool({
  name: 'google_update_draft',
  title: 'Change a Gmail draft',
  description: 'Changes a draft’s recipients, subject or body; fields left out keep their current value.',
  input: z.object({
    draftId: z.string().min(1).describe('Draft id from google_create_draft'),
    to: z.array(emailAddress).max(100).optional().describe('New recipients (replace the current ones)'),
    cc: z.array(emailAddress).max(100).optional().describe('New copy recipients'),
    bcc: z.array(emailAddress).max(100).optional().describe('New blind copy recipients'),
    subject: z.string().max(998).optional().describe('New subject'),
    body: z.string().max(1_000_000).optional().describe('New plain-text body'),
  }),
  output: composeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const current = await getDraft(client, input.draftId, 'full', signal);
    const payload = current.message.payload;
    const message = {
      to: input.to ?? addressesOf(headerOf(payload, 'To')),
      cc: input.cc ?? addressesOf(headerOf(payload, 'Cc')),
      bcc: input.bcc ?? addressesOf(headerOf(payload, 'Bcc')),
      subject: input.subject ?? headerOf(payload, 'Subject') ?? '',
      text: input.body ?? textOf(payload),
      inReplyTo: headerOf(payload, 'In-Reply-To'),
      references: headerOf(payload, 'References')?.split(/\s+/).filter(Boolean),
    };
    const draft = await updateDraft(client, input.draftId, rawMessage(message, current.message.threadId), signal);
    return { draftId: draft.id, messageId: draft.message.id, threadId: draft.message.threadId, to: message.to, subject: message.subject };
  },
});

export const sendDraftTool = googleTool({
  name: 'google_send_draft',
  title: 'Send a Gmail draft',
  description: 'Sends an existing draft to its recipients. Recipients must be in the allowed list when one is configured.',
  input: z.object({ draftId: z.string().min(1).describe('Draft id from google_create_draft') }),
  output: z.object({ messageId: z.string(), threadId: z.string(), to: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  handler: async ({ draftId }, { client, signal }) => {
    const draft = await getDraft(client, draftId, 'metadata', signal);
    const recipients = ['To', 'Cc', 'Bcc'].flatMap((name) => addressesOf(headerOf(draft.message.payload, name)));
    client.assertRecipientsAllowed(recipients, 'send mail to');
    const sent = await sendDraft(client, draftId, signal);
    return { messageId: sent.id, threadId: sent.threadId, to: addressesOf(headerOf(draft.message.payload, 'To')) };
  },
});

export const sendMessageTool = googleTool({
  name: 'google_send_message',
  title: 'Send an email',
  description:
    'Sends a plain-text email now: a new message, or a reply in the original’s thread (In-Reply-To and References set). Recipients must be in the allowed list when one is configured. Prefer google_create_draft when the user should review first.',
  input: z.object(composeInput),
  output: composeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const composed = await compose(client, input, signal);
    client.assertRecipientsAllowed([...composed.to, ...(input.cc ?? []), ...(input.bcc ?? [])], 'send mail to');
    const sent = await sendMessage(client, composed.message, signal);
    return { messageId: sent.id, threadId: sent.threadId, to: composed.to, subject: composed.subject };
  },
});

export const gmailTools = [
  searchThreadsTool,
  searchMessagesTool,
  getThreadTool,
  getMessageTool,
  getAttachmentTool,
  listLabelsTool,
  modifyLabelsTool,
  archiveMailTool,
  trashMailTool,
  createDraftTool,
  updateDraftTool,
  sendDraftTool,
  sendMessageTool,
];

/** Pages of a Gmail list until `wanted` items, returning Google's token when more remain. */
async function collectPages<T>(wanted: number, start: string | undefined, page: (size: number, token?: string) => Promise<{ items: T[]; next?: string; estimate?: number }>) {
  const items: T[] = [];
  let token = start;
  let estimate: number | undefined;
  do {
    const result = await page(Math.min(wanted - items.length, 100), token);
    items.push(...result.items);
    token = result.next;
    estimate ??= result.estimate;
  } while (token && items.length < wanted);
  return { items: items.slice(0, wanted), next: token, estimate };
}

function readable(message: GmailMessage, max: number): z.input<typeof messageSchema> {
  const payload = message.payload;
  const body = clip(textOf(payload), max);
  const cc = headerOf(payload, 'Cc');
  const rfc822 = headerOf(payload, 'Message-ID') ?? headerOf(payload, 'Message-Id');
  return {
    messageId: message.id,
    threadId: message.threadId,
    from: headerOf(payload, 'From') ?? '',
    to: headerOf(payload, 'To') ?? '',
    ...(cc ? { cc } : {}),
    date: headerOf(payload, 'Date') ?? '',
    subject: headerOf(payload, 'Subject') ?? '',
    labelIds: message.labelIds ?? [],
    ...(rfc822 ? { rfc822MessageId: rfc822 } : {}),
    attachments: attachmentsOf(payload),
    untrustedBody: body.text,
    truncated: body.truncated,
  };
}

/** System labels are addressed by id; user labels may be named, case-insensitively. */
async function resolveLabels(client: GoogleClient, lists: string[][], signal: AbortSignal): Promise<string[][]> {
  const labels = await listLabels(client, signal);
  return lists.map((names) =>
    names.map((name) => {
      const found = labels.find((label) => label.id === name) ?? labels.find((label) => label.name.toLowerCase() === name.toLowerCase());
      if (!found) {
        throw new ValidationError(`No Gmail label "${name}"`, [{ path: 'add', message: `unknown label ${name}` }], { platform: PLATFORM, hint: 'list the labels with google_list_labels' });
      }
      return found.id;
    }),
  );
}

interface ComposeInput {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body: string;
  replyToMessageId?: string;
}

/** The message to draft or send; a reply reads the original for its thread, subject, sender and Message-IDs. */
async function compose(client: GoogleClient, input: ComposeInput, signal: AbortSignal) {
  let to = input.to;
  let subject = input.subject;
  let threading: { inReplyTo?: string; references?: string[]; threadId?: string } = {};
  if (input.replyToMessageId) {
    const original = await getMessage(client, input.replyToMessageId, 'metadata', ['Subject', 'From', 'Reply-To', 'Message-ID', 'References'], signal);
    const payload: GmailPart | undefined = original.payload;
    const messageId = headerOf(payload, 'Message-ID') ?? headerOf(payload, 'Message-Id');
    const references = [...(headerOf(payload, 'References')?.split(/\s+/).filter(Boolean) ?? []), ...(messageId ? [messageId] : [])];
    threading = { inReplyTo: messageId, references, threadId: original.threadId };
    if (!to.length) to = addressesOf(headerOf(payload, 'Reply-To') ?? headerOf(payload, 'From'));
    subject ??= replySubject(headerOf(payload, 'Subject') ?? '');
  }
  if (!to.length) throw new ValidationError('A message needs a recipient', [{ path: 'to', message: 'name at least one recipient' }], { platform: PLATFORM });
  const finalSubject = subject ?? '';
  const message = rawMessage({ to, cc: input.cc, bcc: input.bcc, subject: finalSubject, text: input.body, inReplyTo: threading.inReplyTo, references: threading.references }, threading.threadId);
  return { message, to, subject: finalSubject };
}

