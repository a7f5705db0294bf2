import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getMessages, searchConversations, sendMessage } from './conversations.tools.js';
import { startHarness, type Harness } from './harness.test-util.js';
import { take } from './paginate.js';
import type { GhlConversation, GhlMessage } from './types.js';

const CONVERSATION = 'ConversationJane0001';
const JANE = 'ContactJaneDoe000001';

describe('conversation tools against the GoHighLevel fake', () => {
  let h: Harness;
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('searches conversations by contact and text', async () => {
    const result = await h.call(searchConversations, { contactId: JANE });
    expect(result.data.conversations).toEqual([
      expect.objectContaining({ id: CONVERSATION, contactName: 'Jane Doe', lastMessageType: 'TYPE_SMS', lastMessageDate: '2026-11-10T12:05:00.000Z' }),
    ]);
    expect((await h.call(searchConversations, { query: 'nobody-matches' })).data.count).toBe(0);
  });

  describe('conversation paging: the documented cursor needs a sort value the documented schema lacks', () => {
    const threads = (n: number, withDate: boolean): GhlConversation[] =>
      Array.from({ length: n }, (_, i) => ({
        id: `Conversation${String(i).padStart(8, '0')}`,
        contactId: `Contact${i}`,
        locationId: h.fake.locationId,
        lastMessageBody: `message ${i}`,
        lastMessageType: 'TYPE_SMS',
        type: 'TYPE_PHONE',
        unreadCount: 0,
        ...(withDate ? { lastMessageDate: Date.UTC(2026, 0, 1) + (n - i) * 60_000 } : {}),
      }));

    it('follows startAfterDate with the last lastMessageDate when the platform sends it', async () => {
      h.fake.reset({ conversations: threads(150, true), locations: h.fake.state.locations });
      const all = await take(h.client.searchConversations({}, { limit: 500 }));
      expect(all).toHaveLength(150);
      expect(new Set(all.map((c) => c.id)).size).toBe(150);
      const pages = h.fake.requests.filter((r) => r.path === '/conversations/search').map((r) => r.query.get('startAfterDate'));
      expect(pages).toEqual([null, String(all[99]!.lastMessageDate)]);
    });

    it('stops after one page instead of guessing a cursor when there is no sort value', async () => {
      h.fake.reset({ conversations: threads(150, false), locations: h.fake.state.locations });
      expect(await take(h.client.searchConversations({}, { limit: 500 }))).toHaveLength(100);
      expect(h.fake.requests.filter((r) => r.path === '/conversations/search')).toHaveLength(1);
    });

    it('the tool asks for one page of at most 100, with documented parameters only', async () => {
      h.fake.reset({ conversations: threads(150, false), locations: h.fake.state.locations });
      const result = await h.call(searchConversations, { limit: 100 });
      expect(result.data).toMatchObject({ count: 100, limitReached: true });
      expect(h.fake.requests.filter((r) => r.path === '/conversations/search')).toHaveLength(1);
      expect(await h.call(searchConversations, { limit: 101 })).toMatchObject({ isError: true, code: 'validation_failed' });
    });
  });

  it('fails to search when the token is for another location', async () => {
    const other = await startHarness({ client: { apiKey: 'pit-demo-0000-other-client' } });
    try {
      expect(await other.call(searchConversations, {})).toMatchObject({ isError: true, code: 'permission_denied' });
    } finally {
      await other.close();
    }
  });

  it('reads messages newest first', async () => {
    const result = await h.call(getMessages, { conversationId: CONVERSATION });
    expect((result.data.messages as Array<{ body: string; direction: string }>).map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect(await h.call(getMessages, { conversationId: 'missing' })).toMatchObject({ code: 'not_found' });
  });

  it('pages through messages with lastMessageId', async () => {
    h.fake.seed({ messages: manyMessages(h.fake.locationId, 130) });
    const result = await h.call(getMessages, { conversationId: CONVERSATION, limit: 500 });
    expect(result.data.count).toBe(132);
    const calls = h.fake.requests.filter((r) => r.path.endsWith('/messages'));
    expect(calls.map((r) => r.query.get('lastMessageId'))).toEqual([null, expect.any(String)]);
  });

  it('sends an SMS to a contact and adds it to the conversation', async () => {
    const result = await h.call(sendMessage, { contactId: JANE, channel: 'SMS', message: 'See you tomorrow at 10!' });
    expect(result.data).toMatchObject({ conversationId: CONVERSATION, status: 'pending' });
    expect(h.fake.requests.at(-1)!.body).toEqual({ type: 'SMS', contactId: JANE, message: 'See you tomorrow at 10!' });
    const messages = await h.call(getMessages, { conversationId: CONVERSATION, limit: 1 });
    expect(messages.data.messages).toEqual([expect.objectContaining({ body: 'See you tomorrow at 10!', direction: 'outbound', channel: 'TYPE_SMS' })]);
  });

  it('sends an email, starting a conversation when there is none', async () => {
    const result = await h.call(sendMessage, { contactId: 'ContactAmaraOkafor05', channel: 'Email', subject: 'Welcome', html: '<p>Hi Amara</p>' });
    expect(result.isError).toBe(false);
    expect(h.fake.state.conversations.find((c) => c.id === result.data.conversationId)?.contactId).toBe('ContactAmaraOkafor05');
  });

  it('passes on the platform refusal of an email without a subject, and of a contact on do-not-disturb', async () => {
    const noSubject = await h.call(sendMessage, { contactId: JANE, channel: 'Email', message: 'Hi' });
    expect(noSubject).toMatchObject({ isError: true, code: 'validation_failed' });
    expect(noSubject.text).toContain('subject: should not be empty');
    h.fake.state.contacts.find((c) => c.id === JANE)!.dnd = true;
    const dnd = await h.call(sendMessage, { contactId: JANE, channel: 'SMS', message: 'Hi' });
    expect(dnd).toMatchObject({ isError: true, code: 'validation_failed' });
    expect(dnd.text).toContain('DND is active');
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
