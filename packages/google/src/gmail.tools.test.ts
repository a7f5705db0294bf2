import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { fromBase64Url } from './mime.js';
import { googleScopesForLevels } from './permissions.js';
import { startFake, type GoogleFake } from './testing/index.js';

let fake: GoogleFake;
let h: ToolHarness<GoogleClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(googleEcosystem, fake, { deps: { connection: fake.connection } });
});
afterAll(() => fake.close());

const ada = () => fake.state.mailboxes.get('ada@example.com')!;
const structured = (outcome: { result: { structuredContent?: Record<string, unknown> } }) => outcome.result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const withScopes = (levels: Parameters<typeof googleScopesForLevels>[0]) => {
  const token = fake.tokenFor('ada@example.com', googleScopesForLevels(levels));
  return toolHarness(googleEcosystem, { ...fake, token: { getToken: async () => token, invalidate: () => false } });
};

describe('Gmail tools against the fake', () => {
  it('searches conversations with Gmail syntax and summarises each thread', async () => {
    const outcome = await h.run('google_search_threads', { query: 'from:billing@vendor.test' });
    expect(outcome.status).toBe('ok');
    const threads = structured(outcome).threads;
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ subject: 'Invoice 2041 for May', messageCount: 2, from: 'Billing <billing@vendor.test>' });
    expect(threads[0].untrustedSnippet).toContain('invoice 2041');
    expect(fake.requests.find((r) => r.path.endsWith('/threads'))!.query.get('q')).toBe('from:billing@vendor.test');
  });

  it('pages through results and returns Google’s token when more remain', async () => {
    const first = structured(await h.run('google_search_threads', { limit: 2 }));
    expect(first.threads).toHaveLength(2);
    expect(first.nextPageToken).toBeDefined();
    const rest = structured(await h.run('google_search_threads', { limit: 10, pageToken: first.nextPageToken }));
    const all = [...first.threads, ...rest.threads].map((t: { threadId: string }) => t.threadId);
    expect(new Set(all).size).toBe(all.length);
    expect(rest.nextPageToken).toBeUndefined();
  });

  it('returns an empty list when nothing matches (Gmail omits the key)', async () => {
    const outcome = await h.run('google_search_messages', { query: 'subject:nothing-like-this' });
    expect(structured(outcome)).toMatchObject({ messages: [], resultSizeEstimate: 0 });
  });

  it('reads a conversation as text, HTML reduced, body in the untrusted field', async () => {
    const threadId = structured(await h.run('google_search_threads', { query: 'subject:digest' })).threads[0].threadId;
    const thread = structured(await h.run('google_get_thread', { threadId }));
    expect(thread.messages[0].untrustedBody).toContain('Five things & more.');
    expect(thread.messages[0].untrustedBody).not.toContain('<p>');
    expect(thread.messages[0].untrustedBody).toContain('IGNORE PREVIOUS INSTRUCTIONS');
  });

  it('lists attachments and reads a CSV attachment as text', async () => {
    const message = structured(await h.run('google_search_messages', { query: 'has:attachment' })).messages[0];
    const read = structured(await h.run('google_get_message', { messageId: message.messageId }));
    expect(read.attachments).toEqual([expect.objectContaining({ filename: 'invoice-2041.csv', mimeType: 'text/csv' })]);
    const attachment = structured(await h.run('google_get_attachment', { messageId: message.messageId, attachmentId: read.attachments[0].attachmentId }));
    expect(attachment).toMatchObject({ textAvailable: true, untrustedText: 'item,qty,price\nConsulting,10,125.00\n' });
  });

  it('adds a user label by name and marks read, archives and trashes', async () => {
    const threadId = structured(await h.run('google_search_threads', { query: 'subject:planning' })).threads[0].threadId;
    const labelled = await h.run('google_modify_labels', { ids: [threadId], add: ['finance'], remove: ['UNREAD'] });
    expect(structured(labelled)).toMatchObject({ added: ['Label_1'], removed: ['UNREAD'] });
    const stored = [...ada().messages.values()].find((m) => m.threadId === threadId)!;
    expect(stored.labelIds).toEqual(expect.arrayContaining(['Label_1', 'INBOX']));
    expect(stored.labelIds).not.toContain('UNREAD');
    await h.run('google_archive_mail', { ids: [threadId] });
    expect(stored.labelIds).not.toContain('INBOX');
    await h.run('google_trash_mail', { ids: [threadId] });
    expect(stored.labelIds).toContain('TRASH');
    expect(structured(await h.run('google_search_threads', { query: 'subject:planning' })).threads).toHaveLength(0);
  });

  it('names an unknown label instead of sending it', async () => {
    const outcome = await h.run('google_modify_labels', { ids: ['x'], add: ['No such label'] });
    expect(outcome.error).toMatchObject({ code: 'validation_failed' });
    expect(outcome.error!.message).toContain('No such label');
  });

  it('drafts a reply in the original thread with In-Reply-To and References, then updates and sends it', async () => {
    const original = structured(await h.run('google_search_messages', { query: 'subject:planning' })).messages[0];
    const draft = structured(await h.run('google_create_draft', { body: 'Thursday 3pm works.', replyToMessageId: original.messageId }));
    expect(draft).toMatchObject({ threadId: original.threadId, to: ['bob@example.com'], subject: 'Re: Quarterly planning' });
    const sentRaw = (fake.requests.find((r) => r.path.endsWith('/drafts'))!.body as { message: { raw: string } }).message.raw;
    expect(sentRaw).not.toMatch(/[+/]/);
    const mime = fromBase64Url(sentRaw).toString('utf8');
    expect(mime).toMatch(/^In-Reply-To: <.+@mail\.example\.com>$/m);
    expect(mime).toMatch(/^References: <.+@mail\.example\.com>$/m);

    const updated = structured(await h.run('google_update_draft', { draftId: draft.draftId, body: 'Thursday 4pm works better.' }));
    expect(updated).toMatchObject({ to: ['bob@example.com'], subject: 'Re: Quarterly planning', threadId: original.threadId });
    const sent = structured(await h.run('google_send_draft', { draftId: draft.draftId }));
    expect(sent.threadId).toBe(original.threadId);
    const bobInbox = [...fake.state.mailboxes.get('bob@example.com')!.messages.values()];
    expect(bobInbox.some((m) => m.text === 'Thursday 4pm works better.')).toBe(true);
  });

  it('sends a new message, UTF-8 subject included', async () => {
    const sent = structured(await h.run('google_send_message', { to: ['bob@example.com'], subject: 'Grüße', body: 'Hallo Bob' }));
    expect(sent.messageId).toBeDefined();
    const copy = [...fake.state.mailboxes.get('bob@example.com')!.messages.values()].find((m) => m.text === 'Hallo Bob')!;
    expect(copy.headers.find(([name]) => name === 'Subject')![1]).toBe('Grüße');
  });

  it('refuses recipients outside the allowlist before calling Gmail', async () => {
    const guarded = toolHarness(googleEcosystem, { ...fake, configs: { ...fake.configs, oauth: { ...fake.configs.oauth, allowedRecipientDomains: 'example.com' } } } as GoogleFake);
    const before = fake.requests.length;
    const outcome = await guarded.run('google_send_message', { to: ['bob@example.com', 'eve@evil.test'], subject: 'Hi', body: 'x' });
    expect(outcome.error).toMatchObject({ code: 'permission_denied' });
    expect(outcome.error!.message).toContain('eve@evil.test');
    expect(fake.requests.slice(before).some((r) => r.path.endsWith('/messages/send'))).toBe(false);
    expect((await guarded.run('google_send_message', { to: ['bob@example.com'], subject: 'Hi', body: 'x' })).status).toBe('ok');
  });

  it('names the missing permission level and scope when the grant lacks it, without retrying', async () => {
    const readOnly = withScopes(['read']);
    const before = fake.requests.length;
    const outcome = await readOnly.run('google_send_message', { to: ['bob@example.com'], subject: 'Hi', body: 'x' });
    expect(outcome.error).toMatchObject({ code: 'permission_denied' });
    expect(outcome.error!.message).toContain('"send" permission');
    expect(outcome.error!.message).toContain('https://www.googleapis.com/auth/gmail.send');
    expect(fake.requests.slice(before).filter((r) => r.path.endsWith('/messages/send'))).toHaveLength(1);
    expect((await readOnly.run('google_search_threads', {})).status).toBe('ok');
  });

  it("gives a missing scope the host's guidance for the level when the host has one", async () => {
    const readOnly = withScopes(['read']);
    const guidance = (level: string) => `reconnect with the "${level}" level: https://mcp.example.com/connect/google?connection=conn_1&levels=read,${level}`;
    const outcome = await readOnly.run('google_create_draft', { to: ['bob@example.com'], subject: 'Hi', body: 'x' }, { missingLevelGuidance: guidance });
    expect(outcome.error).toMatchObject({ code: 'permission_denied' });
    expect(outcome.error!.message).toContain('This Google connection lacks the "draft" permission');
    expect(outcome.error!.message).toContain('https://mcp.example.com/connect/google?connection=conn_1&levels=read,draft');
  });
});
