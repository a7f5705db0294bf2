import { z } from 'zod';
import { contactFields } from './customers.tools.js';
import { nameListTools } from './name-list.js';
import { compact, physicalAddress } from './schemas.js';

export const vendorTools = nameListTools({
  entity: 'Vendor',
  noun: 'vendor',
  nouns: 'vendors',
  nameField: 'DisplayName',
  about: 'a vendor (a supplier whose bills you pay)',
  fields: {
    displayName: z.string().trim().min(1).max(500).describe('Name shown in QuickBooks; unique across customers, vendors and employees'),
    companyName: z.string().max(100).describe('Company name'),
    ...contactFields,
    accountNumber: z.string().max(100).describe('Your account number with this vendor'),
  },
  required: ['displayName'],
  toEntity: (input) =>
    compact({
      DisplayName: input.displayName,
      CompanyName: input.companyName,
      PrimaryEmailAddr: input.email === undefined ? undefined : { Address: input.email },
      PrimaryPhone: input.phone === undefined ? undefined : { FreeFormNumber: input.phone },
      BillAddr: input.billingAddress && physicalAddress(input.billingAddress),
      AcctNum: input.accountNumber,
      Notes: input.notes,
    }),
});
