import { z } from 'zod';
import { compact, id, ref } from './schemas.js';
import { salesHeader, salesHeaderFields, transactionTools } from './transaction.js';

export const salesReceiptTools = transactionTools({
  entity: 'SalesReceipt',
  noun: 'sales_receipt',
  nouns: 'sales_receipts',
  about: 'sales paid on the spot, with no invoice',
  party: 'customer',
  create: z.object({
    ...salesHeader,
    customerId: salesHeader.customerId.optional(),
    depositToAccountId: id('bank account the money goes to; Undeposited Funds when left out').optional(),
    paymentReference: z.string().max(21).optional().describe('Check number or other payment reference'),
  }),
  toEntity: (input) => ({ ...salesHeaderFields(input), ...compact({ DepositToAccountRef: ref(input.depositToAccountId), PaymentRefNum: input.paymentReference }) }),
  createDescription:
    'Records a sale paid at once (a sales receipt): income and the deposit post together, so no invoice or payment follows. Item lines as on invoices.',
});
