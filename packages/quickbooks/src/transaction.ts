import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import { createEntity, queryEntities, readEntity, type EntityName } from './entities.api.js';
import { PLATFORM } from './errors.js';
import type { Condition } from './query.js';
import { CREATE, compact, entityOutput, id, isoDate, money, pageInfo, pageOutput, paging, READ, ref } from './schemas.js';
import { quickbooksTool } from './tool.js';

/** The list, get and create tools every transaction type has (invoices, payments, bills, estimates, sales receipts). */
export interface TransactionSpec<TCreate extends z.ZodObject> {
  entity: Extract<EntityName, 'Invoice' | 'Payment' | 'Bill' | 'Estimate' | 'SalesReceipt'>;
  noun: string;
  nouns: string;
  about: string;
  /** Whom the transaction is with: its list filter is `<party>Id`. */
  party: 'customer' | 'vendor';
  create: TCreate;
  toEntity(input: z.output<TCreate>): Record<string, unknown>;
  /** Transactions with a Balance (invoices, bills) can be listed unpaid only. */
  hasBalance?: boolean;
  createDescription: string;
}

export function transactionTools<TCreate extends z.ZodObject>(spec: TransactionSpec<TCreate>) {
  const { entity, noun, nouns, party } = spec;
  const partyRef = party === 'customer' ? 'CustomerRef' : 'VendorRef';

  const list = quickbooksTool({
    name: `quickbooks_list_${nouns}`,
    title: `List QuickBooks ${nouns}`,
    description:
      `Lists ${nouns} (${spec.about}), newest first, filtered by ${party}, transaction date range` +
      `${spec.hasBalance ? ' and open balance' : ''}. Each row is the whole ${noun} with its lines. Use quickbooks_run_query for other filters.`,
    input: z.object({
      [`${party}Id`]: id(party).optional(),
      fromDate: isoDate('Earliest transaction date').optional(),
      toDate: isoDate('Latest transaction date').optional(),
      docNumber: z.string().max(21).optional().describe('Exact document number'),
      ...(spec.hasBalance ? { unpaidOnly: z.boolean().default(false).describe('true: only those with an open balance') } : {}),
      ...paging,
    }),
    output: z.object({ [nouns]: z.array(entityOutput).describe(`The ${nouns}`), ...pageOutput }),
    annotations: READ,
    handler: async (input, ctx) => {
      const value = (key: string) => (input as Record<string, unknown>)[key];
      const where: Condition[] = [
        ...(value(`${party}Id`) ? [{ field: partyRef, op: '=' as const, value: String(value(`${party}Id`)) }] : []),
        ...(input.fromDate ? [{ field: 'TxnDate', op: '>=' as const, value: input.fromDate }] : []),
        ...(input.toDate ? [{ field: 'TxnDate', op: '<=' as const, value: input.toDate }] : []),
        ...(input.docNumber ? [{ field: 'DocNumber', op: '=' as const, value: input.docNumber }] : []),
        ...(value('unpaidOnly') ? [{ field: 'Balance', op: '>' as const, value: '0' }] : []),
      ];
      const page = await queryEntities(
        ctx.client,
        { entity, where, orderBy: { field: 'TxnDate', descending: true }, startPosition: input.startPosition, maxResults: input.maxResults },
        ctx.signal,
      );
      return { [nouns]: page.rows, ...pageInfo(input.startPosition, input.maxResults, page.rows.length) };
    },
  });

  const get = quickbooksTool({
    name: `quickbooks_get_${noun}`,
    title: `Get a QuickBooks ${noun}`,
    description: `Reads one ${noun} by id, with its lines, totals${spec.hasBalance ? ', open balance' : ''} and linked transactions.`,
    input: z.object({ id: id(noun) }),
    output: z.object({ [noun]: entityOutput }),
    annotations: READ,
    handler: async (input, ctx) => ({ [noun]: await readEntity(ctx.client, entity, input.id, { signal: ctx.signal }) }),
  });

  const create = quickbooksTool({
    name: `quickbooks_create_${noun}`,
    title: `Create a QuickBooks ${noun}`,
    description: spec.createDescription,
    input: spec.create,
    output: z.object({ [noun]: entityOutput }),
    annotations: CREATE,
    handler: async (input, ctx) => ({ [noun]: await createEntity(ctx.client, entity, spec.toEntity(input), ctx.signal) }),
  });

  return [list, get, create];
}

export const salesLine = z.object({
  itemId: id('item (product or service) sold'),
  quantity: z.number().positive().optional().describe('Quantity (default 1)'),
  unitPrice: money('Price per unit').optional(),
  amount: money('Line total; computed from quantity × unitPrice when left out').optional(),
  description: z.string().max(4000).optional().describe('Line description; the item\'s own when left out'),
  serviceDate: isoDate('Date the service was performed').optional(),
});

export type SalesLineInput = z.output<typeof salesLine>;

export const salesLines = z.array(salesLine).min(1).max(250).describe('The lines: what was sold, at least one');

/** A sales line as QuickBooks' SalesItemLineDetail line; the amount is the given one or quantity × unit price. */
export function toSalesLine(line: SalesLineInput, index: number) {
  const quantity = line.quantity ?? 1;
  const amount = line.amount ?? (line.unitPrice === undefined ? undefined : round(quantity * line.unitPrice));
  if (amount === undefined) {
    throw new ValidationError('A line needs an amount', [{ path: `lines.${index}`, message: 'give amount, or unitPrice (with quantity)' }], { platform: PLATFORM });
  }
  return compact({
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    Description: line.description,
    SalesItemLineDetail: compact({
      ItemRef: { value: line.itemId },
      Qty: quantity,
      UnitPrice: line.unitPrice ?? round(amount / quantity),
      ServiceDate: line.serviceDate,
    }),
  });
}

/** The header fields sales forms share (invoices, estimates, sales receipts). */
export const salesHeader = {
  customerId: id('customer'),
  lines: salesLines,
  txnDate: isoDate('Transaction date; today when left out').optional(),
  docNumber: z.string().max(21).optional().describe('Document number; QuickBooks numbers it when custom numbering is off'),
  email: z.email().optional().describe('Where the form is emailed; the customer\'s email when left out'),
  memo: z.string().max(1000).optional().describe('Message to the customer, printed on the form'),
  privateNote: z.string().max(4000).optional().describe('Internal note, not shown to the customer'),
};

export function salesHeaderFields(input: { customerId?: string; lines?: SalesLineInput[]; txnDate?: string; docNumber?: string; email?: string; memo?: string; privateNote?: string }) {
  return compact({
    CustomerRef: ref(input.customerId),
    Line: input.lines?.map(toSalesLine),
    TxnDate: input.txnDate,
    DocNumber: input.docNumber,
    BillEmail: input.email === undefined ? undefined : { Address: input.email },
    CustomerMemo: input.memo === undefined ? undefined : { value: input.memo },
    PrivateNote: input.privateNote,
  });
}

export function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}
