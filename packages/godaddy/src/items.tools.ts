import { defineTool, type ToolContext } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { GodaddyClient } from './client.js';

type Context = ToolContext<GodaddyClient>;

const itemSchema = z.object({
  id: z.string().describe('Item id, used by other tools to refer to this item'),
  name: z.string().describe('Item name as shown in GoDaddy'),
  description: z.string().describe('Free-text description; empty when none was given'),
  createdAt: z.string().describe('Creation time, ISO 8601'),
});

const listItemsInput = z.object({
  limit: z.number().int().min(1).max(100).default(25).describe('Items per page, 1-100 (default 25)'),
  cursor: z.string().min(1).optional().describe('nextCursor from a previous call, to fetch the following page'),
});

export const listGodaddyItems = defineTool({
  name: 'godaddy_list_items',
  title: 'List GoDaddy items',
  description:
    'Lists items in the GoDaddy account, oldest first, one page at a time. ' +
    'Use it to find an item id; when nextCursor is not null, call again with it as cursor for more.',
  input: listItemsInput,
  output: z.object({
    items: z.array(itemSchema).describe('Items on this page'),
    nextCursor: z.string().nullable().describe('Cursor for the next page, or null on the last page'),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: (input: z.output<typeof listItemsInput>, ctx: Context) =>
    ctx.client.listItems({ limit: input.limit, cursor: input.cursor, signal: ctx.signal }),
});

const createItemInput = z.object({
  name: z.string().trim().min(1).max(100).describe('Name of the new item, 1-100 characters'),
  description: z.string().max(1000).optional().describe('Optional free-text description, up to 1000 characters'),
});

export const createGodaddyItem = defineTool({
  name: 'godaddy_create_item',
  title: 'Create a GoDaddy item',
  description:
    'Creates one item in the GoDaddy account and returns it with its new id. ' +
    'Each call creates another item, so check with godaddy_list_items first to avoid duplicates.',
  input: createItemInput,
  output: itemSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: (input: z.output<typeof createItemInput>, ctx: Context) =>
    ctx.client.createItem({ name: input.name, description: input.description, signal: ctx.signal }),
});

export const itemTools = [listGodaddyItems, createGodaddyItem];
