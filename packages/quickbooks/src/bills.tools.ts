import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import { PLATFORM } from './errors.js';
import { compact, id, isoDate, money, ref } from './schemas.js';
import { transactionTools } from './transaction.js';

const billLine = z.object({
  amount: money('Line amount'),
  accountId: id('expense account to post to (an expense line)').optional(),
  itemId: id('item bought (an item line)').optional(),
  quantity: z.number().positive().optional().describe('Quantity, item lines only'),
  description: z.string().max(4000).optional().describe('Line description'),
});

type BillLine = z.output<typeof billLine>;

/** An expense line posts to an account; an item line buys an item (its expense account takes the amount). */
function toBillLine(line: BillLine, index: number) {
  if (Boolean(line.accountId) === Boolean(line.itemId)) {
    throw new ValidationError('A bill line posts to an account or buys an item', [{ path: `lines.${index}`, message: 'give exactly one of accountId and itemId' }], { platform: PLATFORM });
  }
  if (line.accountId) {
    return compact({ DetailType: 'AccountBasedExpenseLineDetail', Amount: line.amount, Description: line.description, AccountBasedExpenseLineDetail: { AccountRef: { value: line.accountId } } });
  }
  return compact({
    DetailType: 'ItemBasedExpenseLineDetail',
    Amount: line.amount,
    Description: line.description,
    ItemBasedExpenseLineDetail: compact({ ItemRef: { value: line.itemId! }, Qty: line.quantity }),
  });
}

export const billTools = transactionTools({
  entity: 'Bill',
  noun: 'bill',
  nouns: 'bills',
  about: 'what the company owes its vendors',
  party: 'vendor',
  hasBalance: true,
  create: z.object({
    vendorId: id('vendor the bill is from'),
    lines: z.array(billLine).min(1).max(250).describe('The lines: expenses (accountId) or items bought (itemId)'),
    txnDate: isoDate('Bill date; today when left out').optional(),
    dueDate: isoDate('Date the bill is due').optional(),
    docNumber: z.string().max(21).optional().describe("The vendor's bill number"),
    privateNote: z.string().max(4000).optional().describe('Internal note'),
  }),
  toEntity: (input) =>
    compact({
      VendorRef: ref(input.vendorId),
      Line: input.lines.map(toBillLine),
      TxnDate: input.txnDate,
      DueDate: input.dueDate,
      DocNumber: input.docNumber,
      PrivateNote: input.privateNote,
    }),
  createDescription: 'Enters a bill from a vendor (accounts payable), with expense lines (an account) or item lines (an item). It is open until paid.',
});
