import { z } from 'zod';
import { nameListTools } from './name-list.js';
import { compact } from './schemas.js';

/** QuickBooks Online's account types (AccountTypeEnum without QuickBooks Desktop's Non-Posting). */
export const ACCOUNT_TYPES = [
  'Bank',
  'Accounts Receivable',
  'Other Current Asset',
  'Fixed Asset',
  'Other Asset',
  'Accounts Payable',
  'Credit Card',
  'Other Current Liability',
  'Long Term Liability',
  'Equity',
  'Income',
  'Cost of Goods Sold',
  'Expense',
  'Other Income',
  'Other Expense',
] as const;

export const accountTools = nameListTools({
  entity: 'Account',
  noun: 'account',
  nouns: 'accounts',
  nameField: 'Name',
  about: 'an account of the chart of accounts (where amounts are posted: bank, income, expense…)',
  fields: {
    name: z.string().trim().min(1).max(100).describe('Account name, unique in the chart of accounts; no colon or quote'),
    accountType: z.enum(ACCOUNT_TYPES).describe('Account type; it decides where the account appears in reports'),
    accountSubType: z.string().max(100).describe('Detail type within the type, e.g. Checking, AdvertisingPromotional; QuickBooks picks a default when left out'),
    accountNumber: z.string().max(20).describe('Account number, when the company numbers its accounts'),
    description: z.string().max(100).describe('Description'),
  },
  required: ['name', 'accountType'],
  toEntity: (input) =>
    compact({
      Name: input.name,
      AccountType: input.accountType,
      AccountSubType: input.accountSubType,
      AcctNum: input.accountNumber,
      Description: input.description,
    }),
  filters: { accountType: z.enum(ACCOUNT_TYPES).optional().describe('Only accounts of this type') },
  conditions: (input) => (input['accountType'] ? [{ field: 'AccountType', op: '=', value: String(input['accountType']) }] : []),
});
