import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GhlClient } from './client.js';
import { searchConversations } from './conversations.api.js';
import { ghlEcosystem } from './ecosystem.js';
import { take } from './paginate.js';
import { startFake, type GhlFake } from './testing/index.js';
import type { GhlConversation, GhlMessage } from './types.js';

const CONVERSATION = 'ConversationJane0001';
const JANE = 'ContactJaneDoe000001';

let fake: GhlFake;
let h: ToolHarness<GhlClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(ghlEcosystem, fake);
});
afterAll(() => fake.close());

describe('conversation tools against the GoHighLevel fake', () => {
  it('searches conversations by contact and text', async () => {
    const outcome = await h.run('ghl_search_conversations', { contactId: JANE });
    expect(outcome.result.structuredContent!.conversations).toEqual([
      expect.objectContaining({ id: CONVERSATION, contactName: 'Jane Doe', lastMessageType: 'TYPE_SMS', lastMessageDate: '2026-11-10T12:05:00.000Z' }),
    ]);
    expect((await h.run('ghl_search_conversations', { query: 'nobody-matches' })).result.structuredContent!.count).toBe(0);
  });

  describe('conversation paging: the documented cursor needs a sort value the documented schema lacks', () => {
    const threads = (n: number, withDate: boolean): GhlConversation[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `Conversation${String(i).padStart(8, '0')}`,
        contactId: `Contact${i}`,
        locationId: fake.locationId,
        lastMessageBody: `message ${i}`,
        lastMessageType: 'TYPE_SMS',
        type: 'TYPE_PHONE',
        unreadCount: 0,
        ...(withDate ? { lastMessageDate: Date.UTC(2026, 0, 1) + (n - i) * 60_000 } : {}),
      }));

    it('follows startAfterDate with the last lastMessageDate when the platform sends it', async () => {
      fake.reset({ conversations: threads(150, true), locations: fake.state.locations });
      const all = await take(searchConversations(h.client, {}, { limit: 500 }));
      expect(all).toHaveLength(150);
      expect(new Set(all.map((c) => c.id)).size).toBe(150);
      const pages = fake.requests.filter((r) => r.path === '/conversations/search').map((r) => r.query.get('startAfterDate'));
      expect(pages).toEqual([null, String(all[99]!.lastMessageDate)]);
    });

    it('stops after one page instead of guessing a cursor when there is no sort value', async () => {
      fake.reset({ conversations: threads(150, false), locations: fake.state.locations });
      expect(await take(searchConversations(h.client, {}, { limit: 500 }))).toHaveLength(100);
      expect(fake.requests.filter((r) => r.path === '/conversations/search')).toHaveLength(1);
    });

    it('the tool asks for one page of at most 100, with documented parameters only', async () => {
      fake.reset({ conversations: threads(150, false), locations: fake.state.locations });
      const outcome = await h.run('ghl_search_conversations', { limit: 100 });
      expect(outcome.result.structuredContent).toMatchObject({ count: 100, limitReached: true });
      expect(fake.requests.filter((r) => r.path === '/conversations/search')).toHaveLength(1);
      expect(await h.run('ghl_search_conversations', { limit: 101 })).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    });
  });

  it('fails to search when the token is for another location', async () => {
    const other = toolHarness(ghlEcosystem, { configs: { privateIntegration: { ...fake.configs.privateIntegration, apiKey: fake.otherApiKey } } });
    expect(await other.run('ghl_search_conversations', {})).toMatchObject({ result: { isError: true }, error: { code: 'permission_denied' } });
  });

  it('reads messages newest first', async () => {
    const outcome = await h.run('ghl_get_messages', { conversationId: CONVERSATION });
    expect((outcome.result.structuredContent!.messages as Array<{ direction: string }>).map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect(await h.run('ghl_get_messages', { conversationId: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('pages through messages with lastMessageId, reporting each page', async () => {
    fake.seed({ messages: manyMessages(fake.locationId, 130) });
    const updates: Array<{ progress: number }> = [];
    const outcome = await h.run('ghl_get_messages', { conversationId: CONVERSATION, limit: 500 }, { progress: async (update) => void updates.push(update) });
    expect(outcome.result.structuredContent!.count).toBe(132);
    const calls = fake.requests.filter((r) => r.path.endsWith('/messages'));
    expect(calls.map((r) => r.query.get('lastMessageId'))).toEqual([null, expect.any(String)]);
    expect(updates.map((u) => u.progress)).toEqual([100, 132]);
  });

  it('sends an SMS to a contact and adds it to the conversation', async () => {
    const outcome = await h.run('ghl_send_message', { contactId: JANE, channel: 'SMS', message: 'See you tomorrow at 10!' });
    expect(outcome.result.structuredContent).toMatchObject({ conversationId: CONVERSATION, status: 'pending' });
    expect(fake.requests.at(-1)!.body).toEqual({ type: 'SMS', contactId: JANE, message: 'See you tomorrow at 10!' });
    const messages = await h.run('ghl_get_messages', { conversationId: CONVERSATION, limit: 1 });
    expect(messages.result.structuredContent!.messages).toEqual([
      expect.objectContaining({ body: 'See you tomorrow at 10!', direction: 'outbound', channel: 'TYPE_SMS' }),
    ]);
  });

  it('sends an email, starting a conversation when there is none', async () => {
    const outcome = await h.run('ghl_send_message', { contactId: 'ContactAmaraOkafor05', channel: 'Email', subject: 'Welcome', html: '<p>Hi Amara</p>' });
    expect(outcome.status).toBe('ok');
    expect(fake.state.conversations.find((c) => c.id === outcome.result.structuredContent!.conversationId)?.contactId).toBe('ContactAmaraOkafor05');
  });

  it('passes on the platform refusal of an email without a subject, and of a contact on do-not-disturb', async () => {
    const noSubject = await h.run('ghl_send_message', { contactId: JANE, channel: 'Email', message: 'Hi' });
    expect(noSubject).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    expect(noSubject.error!.message).toContain('subject: should not be empty');
    fake.state.contacts.find((c) => c.id === JANE)!.dnd = true;
    const dnd = await h.run('ghl_send_message', { contactId: JANE, channel: 'SMS', message: 'Hi' });
    expect(dnd).toMatchObject({ result: { isError: true }, error: { code: 'validation_failed' } });
    expect(dnd.error!.message).toContain('DND is active');
  });
});

function manyMessages(locationId: string, count: number): GhlMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `BulkMessage${String(i).padStart(9, '0')}`,
    messageType: 'TYPE_SMS',
    locationId,
    contactId: JANE,
    conversationId: CONVERSATION,
    dateAdded: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    body: `message ${i}`,
    direction: i % 2 ? 'inbound' : 'outbound',
  }));
}
