import type { FakeRoute } from '@enterprise-mcp/core/testing';
import type { GhlContact, GhlConversation, GhlMessage } from '../types.js';
import { bodyOf, lookup, type FakeContext } from './context.js';
import { ghlError, ghlId, ok, stringOf, unprocessable } from './respond.js';

const MESSAGE_TYPES = ['SMS', 'RCS', 'Email', 'WhatsApp', 'IG', 'FB', 'Custom', 'Live_Chat', 'TIKTOK'];

export function conversationRoutes(ctx: FakeContext): FakeRoute[] {
  return [
    {
      method: 'GET',
      path: '/conversations/search',
      handler: (request) => {
        const q = request.query;
        const locationId = q.get('locationId');
        if (!locationId) return unprocessable(['locationId should not be empty']);
        const limit = Number(q.get('limit') ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return unprocessable(['limit must not be greater than 100']);
        const text = q.get('query')?.toLowerCase();
        const status = q.get('status') ?? 'all';
        const matching = ctx.state.conversations
          .filter((c) => c.locationId === locationId)
          .filter((c) => !q.get('contactId') || c.contactId === q.get('contactId'))
          .filter((c) => !text || [c.fullName, c.contactName, c.email, c.phone, c.lastMessageBody].join(' ').toLowerCase().includes(text))
          .filter((c) => status !== 'unread' || (c.unreadCount ?? 0) > 0)
          .filter((c) => status !== 'read' || (c.unreadCount ?? 0) === 0)
          .sort((a, b) => (b.lastMessageDate ?? 0) - (a.lastMessageDate ?? 0));
        const after = q.get('startAfterDate');
        const page = matching.filter((c) => !after || (c.lastMessageDate ?? 0) < Number(after)).slice(0, limit);
        return ok({ conversations: page, total: matching.length });
      },
    },
    {
      method: 'GET',
      path: '/conversations/:conversationId/messages',
      handler: (request) => {
        const found = lookup(ctx, request, ctx.state.conversations.find((c) => c.id === request.params.conversationId), 'Conversation');
        if ('response' in found) return found.response;
        const limit = Number(request.query.get('limit') ?? 20);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return unprocessable(['limit must not be greater than 100']);
        const all = ctx.state.messages
          .filter((m) => m.conversationId === found.record.id)
          .sort((a, b) => Date.parse(b.dateAdded) - Date.parse(a.dateAdded));
        const lastId = request.query.get('lastMessageId');
        const start = lastId ? all.findIndex((m) => m.id === lastId) + 1 : 0;
        const messages = all.slice(start, start + limit);
        return ok({ lastMessageId: messages.at(-1)?.id ?? '', nextPage: start + limit < all.length, messages });
      },
    },
    {
      method: 'POST',
      path: '/conversations/messages',
      handler: (request) => {
        const body = bodyOf(request);
        const problems: string[] = [];
        if (!MESSAGE_TYPES.includes(String(body.type))) problems.push(`type must be one of the following values: ${MESSAGE_TYPES.join(', ')}`);
        if (!stringOf(body.contactId)) problems.push('contactId should not be empty');
        if (body.type === 'SMS' && !stringOf(body.message)) problems.push('message should not be empty for SMS');
        if (body.type === 'Email' && !stringOf(body.message) && !stringOf(body.html)) problems.push('html or message should not be empty for Email');
        if (body.type === 'Email' && !stringOf(body.subject)) problems.push('subject should not be empty for Email');
        if (problems.length) return unprocessable(problems);
        const found = lookup(ctx, request, ctx.state.contacts.find((c) => c.id === body.contactId), 'Contact');
        if ('response' in found) return found.response;
        const contact = found.record;
        if (contact.dnd) return ghlError(400, 'Cannot send message as DND is active for this contact.');
        if (body.type === 'SMS' && !contact.phone) return ghlError(400, 'Contact has no phone number to send an SMS to.');
        if (body.type === 'Email' && !contact.email) return ghlError(400, 'Contact has no email address to send an email to.');
        const conversation = conversationFor(ctx, contact);
        const message: GhlMessage = {
          id: ghlId(),
          type: body.type === 'SMS' ? 2 : 3,
          messageType: body.type === 'SMS' ? 'TYPE_SMS' : 'TYPE_EMAIL',
          locationId: contact.locationId,
          contactId: contact.id,
          conversationId: conversation.id,
          dateAdded: ctx.now().toISOString(),
          body: stringOf(body.message) ?? stringOf(body.html) ?? '',
          direction: 'outbound',
          status: 'pending',
          contentType: body.type === 'SMS' ? 'text/plain' : 'text/html',
        };
        ctx.state.messages.push(message);
        Object.assign(conversation, {
          lastMessageBody: message.body,
          lastMessageType: message.messageType,
          lastMessageDate: Date.parse(message.dateAdded),
        });
        return ok({
          conversationId: conversation.id,
          messageId: message.id,
          ...(body.type === 'Email' ? { emailMessageId: message.id } : {}),
          msg: 'Message queued successfully.',
          status: 'pending',
        });
      },
    },
  ];
}

function conversationFor(ctx: FakeContext, contact: GhlContact): GhlConversation {
  const existing = ctx.state.conversations.find((c) => c.contactId === contact.id && c.locationId === contact.locationId);
  if (existing) return existing;
  const conversation: GhlConversation = {
    id: ghlId(),
    contactId: contact.id,
    locationId: contact.locationId,
    type: 'TYPE_PHONE',
    unreadCount: 0,
    fullName: contact.name ?? '',
    contactName: contact.name ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
  };
  ctx.state.conversations.push(conversation);
  return conversation;
}
