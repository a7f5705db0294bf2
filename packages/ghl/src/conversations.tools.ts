import { z } from 'zod';
import { listMessages, searchConversations, sendMessage } from './conversations.api.js';
import { take } from './paginate.js';
import { compact, limitInput, pageProgress } from './schemas.js';
import { ghlTool } from './tool.js';

const conversationSchema = z.object({
  id: z.string().describe('Conversation id'),
  contactId: z.string().describe('Contact the conversation is with'),
  contactName: z.string().optional().describe('Contact name'),
  email: z.string().optional().describe('Contact email'),
  phone: z.string().optional().describe('Contact phone'),
  lastMessageBody: z.string().optional().describe('Text of the latest message'),
  lastMessageType: z.string().optional().describe('Channel of the latest message, e.g. TYPE_SMS, TYPE_EMAIL'),
  lastMessageDate: z.string().optional().describe('When the latest message was sent (ISO 8601), when the platform reports it'),
  unreadCount: z.number().optional().describe('Unread inbound messages'),
});

const messageSchema = z.object({
  id: z.string().describe('Message id'),
  direction: z.string().describe('inbound (from the contact) or outbound (to the contact)'),
  channel: z.string().describe('Message type, e.g. TYPE_SMS, TYPE_EMAIL, TYPE_CALL'),
  body: z.string().optional().describe('Message text'),
  status: z.string().optional().describe('Delivery status'),
  dateAdded: z.string().describe('When it was sent or received (ISO 8601)'),
});

export const searchConversationsTool = ghlTool({
  name: 'ghl_search_conversations',
  title: 'Search conversations',
  description:
    'Finds conversations (the SMS, email and chat threads with contacts) by contact, free text or read state, most recent activity first. Use the id with ghl_get_messages.',
  input: z.object({
    contactId: z.string().optional().describe('Only the conversation with this contact'),
    query: z.string().optional().describe('Free text matched against contact name, email, phone and the last message'),
    status: z.enum(['all', 'read', 'unread', 'starred', 'recents']).optional().describe('Read state filter; default all'),
    assignedTo: z.string().optional().describe('Only conversations assigned to this user id'),
    // One page: `limit` and `total` are documented, the cursor's value is not (see searchConversations in conversations.api.ts).
    limit: limitInput(20, 100),
  }),
  output: z.object({
    conversations: z.array(conversationSchema).describe('Conversations, most recent first'),
    count: z.number().describe('How many are returned'),
    limitReached: z.boolean().describe('True when there may be more'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  // Replies arrive from outside this server at any moment: a repeated read must see them.
  cache: false,
  handler: async ({ limit, ...search }, ctx) => {
    const found = await take(searchConversations(ctx.client, search, { limit, signal: ctx.signal }), limit);
    return {
      conversations: found.map((c) =>
        compact({
          id: c.id,
          contactId: c.contactId,
          contactName: c.contactName || c.fullName || undefined,
          email: c.email || undefined,
          phone: c.phone || undefined,
          lastMessageBody: c.lastMessageBody,
          lastMessageType: c.lastMessageType,
          lastMessageDate: c.lastMessageDate === undefined ? undefined : new Date(c.lastMessageDate).toISOString(),
          unreadCount: c.unreadCount,
        }),
      ),
      count: found.length,
      limitReached: found.length >= limit,
    };
  },
});

export const getMessagesTool = ghlTool({
  name: 'ghl_get_messages',
  title: 'Get messages of a conversation',
  description: 'Reads the messages of one conversation, newest first: direction, channel, text, delivery status and time.',
  input: z.object({
    conversationId: z.string().min(1).describe('Conversation id (from ghl_search_conversations)'),
    limit: limitInput(20, 500),
  }),
  output: z.object({
    conversationId: z.string().describe('Conversation id'),
    messages: z.array(messageSchema).describe('Messages, newest first'),
    count: z.number().describe('How many are returned'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  // Replies arrive from outside this server at any moment: a repeated read must see them.
  cache: false,
  handler: async (input, ctx) => {
    const onPage = pageProgress(ctx.progress, input.limit, 'messages');
    const messages = await take(listMessages(ctx.client, input.conversationId, { limit: input.limit, signal: ctx.signal, onPage }), input.limit);
    return {
      conversationId: input.conversationId,
      messages: messages.map((m) =>
        compact({ id: m.id, direction: m.direction, channel: m.messageType, body: m.body, status: m.status, dateAdded: m.dateAdded }),
      ),
      count: messages.length,
    };
  },
});

export const sendMessageTool = ghlTool({
  name: 'ghl_send_message',
  title: 'Send an SMS or email to a contact',
  description:
    "Sends a real SMS or email to a contact from the sub-account's number or address; it cannot be unsent. Confirm the text and the recipient with the user first. " +
    'SMS needs the contact to have a phone; email needs an email and a subject. Fails when the contact has do-not-disturb on.',
  input: z.object({
    contactId: z.string().min(1).describe('Recipient contact id'),
    channel: z.enum(['SMS', 'Email']).describe('SMS or Email'),
    message: z.string().min(1).optional().describe('Text of the SMS, or plain-text body of the email'),
    subject: z.string().optional().describe('Email subject (required for Email)'),
    html: z.string().optional().describe('HTML body of the email (instead of message)'),
    emailFrom: z.string().optional().describe('Sender address for email; default the sub-account default'),
    scheduledAt: z.iso.datetime({ offset: true }).optional().describe('Send later at this time (ISO 8601) instead of now'),
  }),
  output: z.object({
    conversationId: z.string().describe('Conversation the message was added to'),
    messageId: z.string().describe('Message id'),
    status: z.string().optional().describe('Delivery status reported on sending'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => {
    const result = await sendMessage(
      ctx.client,
      compact({
        type: input.channel,
        contactId: input.contactId,
        message: input.message,
        subject: input.subject,
        html: input.html,
        emailFrom: input.emailFrom,
        scheduledTimestamp: input.scheduledAt ? Math.floor(Date.parse(input.scheduledAt) / 1000) : undefined,
      }),
      ctx.signal,
    );
    return compact({ conversationId: result.conversationId, messageId: result.messageId, status: result.status });
  },
});

export const conversationTools = [searchConversationsTool, getMessagesTool, sendMessageTool];
