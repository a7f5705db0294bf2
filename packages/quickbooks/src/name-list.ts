import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import { PLATFORM } from './errors.js';
import { createEntity, queryEntities, readEntity, updateEntity, type EntityName } from './entities.api.js';
import { containing, type Condition } from './query.js';
import { CREATE, DESTROY, entityOutput, id, pageInfo, pageOutput, paging, READ, UPDATE } from './schemas.js';
import { quickbooksTool } from './tool.js';

/**
 * The five tools of a QuickBooks name list (customers, vendors, items, accounts): search, get,
 * create, sparse update and deactivate. Name lists are never deleted: QuickBooks keeps
 * inactive rows for the transactions that name them, and hides them from queries unless asked.
 */
export interface NameListSpec<TFields extends z.ZodRawShape> {
  entity: Extract<EntityName, 'Customer' | 'Vendor' | 'Item' | 'Account'>;
  /** `customer` / `customers`: tool names and field names. */
  noun: string;
  nouns: string;
  /** The field searched by `name` (`DisplayName`, `Name`). */
  nameField: string;
  /** What the noun is, for descriptions ("a customer (someone you invoice)"). */
  about: string;
  /** The create fields; the update takes the same ones, all optional. */
  fields: TFields;
  /** Which create fields are required (the others are optional on create too). */
  required: Array<keyof TFields & string>;
  /** The fields as QuickBooks names them. */
  toEntity(input: Partial<z.output<z.ZodObject<TFields>>>): Record<string, unknown>;
  /** Extra search filters beyond name and active. */
  filters?: z.ZodRawShape;
  conditions?(input: Record<string, unknown>): Condition[];
}

const activeFilter = z
  .enum(['active', 'inactive', 'all'])
  .default('active')
  .describe('Which rows: active ones (QuickBooks\' default), deactivated ones, or all');

export function nameListTools<TFields extends z.ZodRawShape>(spec: NameListSpec<TFields>) {
  const { entity, noun, nouns } = spec;
  const one = z.object({ [noun]: entityOutput });
  const createShape = Object.fromEntries(
    Object.entries(spec.fields).map(([name, schema]) => [name, spec.required.includes(name) ? schema : (schema as z.ZodType).optional()]),
  );
  const updateShape = Object.fromEntries(Object.entries(spec.fields).map(([name, schema]) => [name, (schema as z.ZodType).optional()]));

  const search = quickbooksTool({
    name: `quickbooks_search_${nouns}`,
    title: `Search QuickBooks ${nouns}`,
    description:
      `Finds ${nouns} of the company: ${spec.about}. \`name\` matches part of the ${spec.nameField} (case-insensitive in QuickBooks); ` +
      'inactive rows are left out unless `active` says otherwise. Pages of up to 1000 rows; use quickbooks_run_query for other filters.',
    input: z.object({
      name: z.string().min(1).max(100).optional().describe(`Part of the ${spec.nameField} to look for`),
      active: activeFilter,
      ...spec.filters,
      ...paging,
    }),
    output: z.object({ [nouns]: z.array(entityOutput).describe(`The ${nouns} found`), ...pageOutput }),
    annotations: READ,
    handler: async (input, ctx) => {
      const where: Condition[] = [
        ...(input.name ? [{ field: spec.nameField, op: 'LIKE' as const, value: containing(input.name) }] : []),
        ...activeConditions(input.active),
        ...(spec.conditions?.(input) ?? []),
      ];
      const page = await queryEntities(ctx.client, { entity, where, orderBy: { field: spec.nameField }, startPosition: input.startPosition, maxResults: input.maxResults }, ctx.signal);
      return { [nouns]: page.rows, ...pageInfo(input.startPosition, input.maxResults, page.rows.length) };
    },
  });

  const get = quickbooksTool({
    name: `quickbooks_get_${noun}`,
    title: `Get a QuickBooks ${noun}`,
    description: `Reads one ${noun} by id with every field QuickBooks has for it (inactive ones too).`,
    input: z.object({ id: id(noun) }),
    output: one,
    annotations: READ,
    handler: async (input, ctx) => ({ [noun]: await readEntity(ctx.client, entity, input.id, { signal: ctx.signal }) }),
  });

  const create = quickbooksTool({
    name: `quickbooks_create_${noun}`,
    title: `Create a QuickBooks ${noun}`,
    description: `Creates ${spec.about} and returns it with its new id. Names must be unique (QuickBooks 6240 otherwise).`,
    input: z.object(createShape),
    output: one,
    annotations: CREATE,
    handler: async (input, ctx) => ({ [noun]: await createEntity(ctx.client, entity, spec.toEntity(input as never), ctx.signal) }),
  });

  const update = quickbooksTool({
    name: `quickbooks_update_${noun}`,
    title: `Update a QuickBooks ${noun}`,
    description:
      `Changes the given fields of a ${noun} and leaves the others as they are (a sparse update). ` +
      'The current version (SyncToken) is read first, so pass only the id and the fields to change.',
    input: z.object({
      id: id(noun),
      ...updateShape,
      active: z.boolean().optional().describe(`true makes a deactivated ${noun} active again`),
    }),
    output: one,
    annotations: UPDATE,
    handler: async ({ id: target, active, ...changes }, ctx) => {
      const fields = { ...spec.toEntity(changes as never), ...(active === undefined ? {} : { Active: active }) };
      if (!Object.keys(fields).length) {
        throw new ValidationError(`Nothing to change in ${noun} ${target}`, [{ path: '', message: 'name at least one field to change' }], { platform: PLATFORM });
      }
      return { [noun]: await updateEntity(ctx.client, entity, target, fields, ctx.signal) };
    },
  });

  const deactivate = quickbooksTool({
    name: `quickbooks_deactivate_${noun}`,
    title: `Deactivate a QuickBooks ${noun}`,
    description:
      `Makes a ${noun} inactive (QuickBooks' way to delete from a name list): it disappears from searches and pick lists but stays on past transactions. ` +
      `Undo with quickbooks_update_${noun} and active: true.`,
    input: z.object({ id: id(noun) }),
    output: one,
    annotations: DESTROY,
    handler: async (input, ctx) => ({ [noun]: await updateEntity(ctx.client, entity, input.id, { Active: false }, ctx.signal) }),
  });

  return [search, get, create, update, deactivate];
}

/** QuickBooks hides inactive name-list rows unless the query names `Active`. */
function activeConditions(active: 'active' | 'inactive' | 'all'): Condition[] {
  if (active === 'all') return [{ field: 'Active', op: 'IN', value: [true, false] }];
  return active === 'inactive' ? [{ field: 'Active', op: '=', value: false }] : [];
}
