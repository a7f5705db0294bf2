import type { GhlClient } from './client.js';
import { paginate, type ListOptions } from './paginate.js';
import type { GhlConversation, GhlConversationSearch, GhlMessage, GhlSendMessageInput, GhlSendMessageResult } from './types.js';

// Conversations API, Version 2021-04-15.

/**
 * Search Conversations (GET /conversations/search), most recent activity first. The documented
 * cursor is `startAfterDate`, "the sort value of the last document", but the documented
 * ConversationSchema carries no sort value: the live API adds `lastMessageDate` (epoch ms), which
 * is what the sort uses. So a page is followed only when its last conversation carries a numeric
 * `lastMessageDate`; otherwise the iterator stops after one page (up to 100) rather than guess a
 * cursor. Tools ask for one page and need no cursor.
 */
export function searchConversations(client: GhlClient, search: GhlConversationSearch = {}, options: ListOptions = {}): AsyncGenerator<GhlConversation> {
  let seen = 0;
  return paginate<GhlConversation, number>(
    async (startAfterDate, limit) => {
      const body = await client.request<{ conversations: GhlConversation[]; total: number }>('GET', '/conversations/search', {
        query: { locationId: client.locationId, ...search, limit, startAfterDate, sort: 'desc', sortBy: 'last_message_date' },
        signal: options.signal,
      });
      const items = body.conversations ?? [];
      seen += items.length;
      const last = items.at(-1)?.lastMessageDate;
      const more = items.length === limit && seen < (body.total ?? 0) && typeof last === 'number' && Number.isFinite(last);
      return { items, next: more ? last : undefined, total: body.total };
    },
    { limit: options.limit, pageSize: 100, onPage: options.onPage },
  );
}

type MessagesPage = { lastMessageId?: string; nextPage?: boolean; messages: GhlMessage[] };

/** Get messages by conversation id (GET /conversations/{conversationId}/messages), newest first, paged with `lastMessageId`. */
export function listMessages(client: GhlClient, conversationId: string, options: ListOptions = {}): AsyncGenerator<GhlMessage> {
  return paginate<GhlMessage, string>(
    async (lastMessageId, limit) => {
      const raw = await client.request<MessagesPage | { messages: MessagesPage }>('GET', '/conversations/{conversationId}/messages', {
        params: { conversationId },
        query: { limit, lastMessageId },
        signal: options.signal,
      });
      // The OpenAPI file documents a flat page; the live API has been seen nesting it under `messages`.
      const page: MessagesPage = Array.isArray(raw.messages) ? (raw as MessagesPage) : (raw.messages as MessagesPage);
      return { items: page.messages ?? [], next: page.nextPage && page.lastMessageId ? page.lastMessageId : undefined };
    },
    { limit: options.limit, pageSize: 100, onPage: options.onPage },
  );
}

/** Send a new message (POST /conversations/messages): a real SMS or email. */
export async function sendMessage(client: GhlClient, input: GhlSendMessageInput, signal?: AbortSignal): Promise<GhlSendMessageResult> {
  return client.request<GhlSendMessageResult>('POST', '/conversations/messages', { json: input, signal });
}
