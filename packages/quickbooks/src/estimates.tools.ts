import { z } from 'zod';
import { compact, isoDate } from './schemas.js';
import { salesHeader, salesHeaderFields, transactionTools } from './transaction.js';

export const estimateTools = transactionTools({
  entity: 'Estimate',
  noun: 'estimate',
  nouns: 'estimates',
  about: 'quotes to customers, which do not post to the books until turned into invoices',
  party: 'customer',
  create: z.object({ ...salesHeader, expirationDate: isoDate('Date the estimate expires').optional() }),
  toEntity: (input) => ({ ...salesHeaderFields(input), ...compact({ ExpirationDate: input.expirationDate }) }),
  createDescription:
    'Creates an estimate (a quote) for a customer with item lines; nothing posts to the books. Amounts come from each line\'s amount, or quantity × unitPrice.',
});
