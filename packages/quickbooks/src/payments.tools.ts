import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import { voidEntity } from './entities.api.js';
import { PLATFORM } from './errors.js';
import { compact, DESTROY, entityOutput, id, isoDate, money, ref } from './schemas.js';
import { quickbooksTool } from './tool.js';
import { round, transactionTools } from './transaction.js';

const paymentInput = z.object({
  customerId: id('customer who paid'),
  invoices: z
    .array(z.object({ invoiceId: id('invoice paid'), amount: money('Amount applied to this invoice') }))
    .max(100)
    .default([])
    .describe('Invoices the payment pays, and how much of each; empty records the payment as an unapplied credit'),
  amount: money('Total received; the sum applied to invoices when left out (more than that stays as credit)').optional(),
  txnDate: isoDate('Date received; today when left out').optional(),
  depositToAccountId: id('bank account the money went to; Undeposited Funds when left out').optional(),
  paymentReference: z.string().max(21).optional().describe('Check number or other payment reference'),
  privateNote: z.string().max(4000).optional().describe('Internal note'),
});

/** A payment's lines link it to the invoices it pays; its total may exceed them (the rest is the customer's credit). */
function toPayment(input: z.output<typeof paymentInput>) {
  const applied = round(input.invoices.reduce((sum, line) => sum + line.amount, 0));
  const total = input.amount ?? applied;
  if (total <= 0) throw new ValidationError('A payment needs an amount', [{ path: 'amount', message: 'give amount, or the invoices it pays' }], { platform: PLATFORM });
  if (total < applied) {
    throw new ValidationError('The payment is smaller than what it applies', [{ path: 'amount', message: `must be at least ${applied}, the sum applied to invoices` }], { platform: PLATFORM });
  }
  return compact({
    CustomerRef: { value: input.customerId },
    TotalAmt: total,
    Line: input.invoices.map((line) => ({ Amount: line.amount, LinkedTxn: [{ TxnId: line.invoiceId, TxnType: 'Invoice' }] })),
    TxnDate: input.txnDate,
    DepositToAccountRef: ref(input.depositToAccountId),
    PaymentRefNum: input.paymentReference,
    PrivateNote: input.privateNote,
  });
}

const baseTools = transactionTools({
  entity: 'Payment',
  noun: 'payment',
  nouns: 'payments',
  about: 'money received from customers',
  party: 'customer',
  create: paymentInput,
  toEntity: toPayment,
  createDescription:
    "Records money received from a customer and applies it to the invoices it pays, lowering their balances. Give each invoice and the amount it gets; " +
    "an amount beyond them stays as the customer's credit.",
});

export const voidPayment = quickbooksTool({
  name: 'quickbooks_void_payment',
  title: 'Void a QuickBooks payment',
  description: 'Voids a payment (a bounced check, a mistake): its amount becomes zero and the invoices it paid are open again.',
  input: z.object({ id: id('payment') }),
  output: z.object({ payment: entityOutput }),
  annotations: DESTROY,
  handler: async (input, ctx) => ({ payment: await voidEntity(ctx.client, 'Payment', input.id, ctx.signal) }),
});

export const paymentTools = [...baseTools, voidPayment];
