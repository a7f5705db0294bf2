import { z } from 'zod';
import { take } from './paginate.js';
import { compact, limitInput, pageProgress, SETUP_CACHE } from './schemas.js';
import { ghlTool } from './tool.js';
import { listUsers } from './users.api.js';

export const listUsersTool = ghlTool({
  name: 'ghl_list_users',
  title: 'List users',
  description:
    'Lists the team members (users) of the sub-account with their ids, names, emails and roles. Use the ids to assign contacts, opportunities or appointments.',
  input: z.object({
    query: z.string().optional().describe('Free text matched against name, email or phone'),
    limit: limitInput(50, 500),
  }),
  output: z.object({
    users: z
      .array(
        z.object({
          id: z.string().describe('User id'),
          name: z.string().optional().describe('Full name'),
          email: z.string().optional().describe('Email'),
          phone: z.string().optional().describe('Phone'),
          role: z.string().optional().describe('admin or user'),
        }),
      )
      .describe('Users'),
    count: z.number().describe('How many are returned'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: SETUP_CACHE,
  handler: async (input, ctx) => {
    const onPage = pageProgress(ctx.progress, input.limit, 'users');
    const users = await take(listUsers(ctx.client, { query: input.query, limit: input.limit, signal: ctx.signal, onPage }), input.limit);
    return {
      users: users.map((u) =>
        compact({
          id: u.id,
          name: u.name ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || undefined),
          email: u.email,
          phone: u.phone,
          role: u.roles?.role,
        }),
      ),
      count: users.length,
    };
  },
});

export const userTools = [listUsersTool];
