import { z } from 'zod';
import { nameListTools } from './name-list.js';
import { addressInput, compact, physicalAddress } from './schemas.js';

const contactFields = {
  email: z.email().describe('Primary email address (invoices are sent there)'),
  phone: z.string().max(30).describe('Primary phone number'),
  billingAddress: addressInput,
  notes: z.string().max(2000).describe('Internal notes, not shown to the customer'),
};

export const customerTools = nameListTools({
  entity: 'Customer',
  noun: 'customer',
  nouns: 'customers',
  nameField: 'DisplayName',
  about: 'a customer (a person or business you invoice)',
  fields: {
    displayName: z.string().trim().min(1).max(500).describe('Name shown in QuickBooks; unique across customers, vendors and employees'),
    givenName: z.string().max(100).describe('First name'),
    familyName: z.string().max(100).describe('Last name'),
    companyName: z.string().max(100).describe('Company name'),
    ...contactFields,
    shippingAddress: addressInput,
  },
  required: ['displayName'],
  toEntity: (input) =>
    compact({
      DisplayName: input.displayName,
      GivenName: input.givenName,
      FamilyName: input.familyName,
      CompanyName: input.companyName,
      PrimaryEmailAddr: input.email === undefined ? undefined : { Address: input.email },
      PrimaryPhone: input.phone === undefined ? undefined : { FreeFormNumber: input.phone },
      BillAddr: input.billingAddress && physicalAddress(input.billingAddress),
      ShipAddr: input.shippingAddress && physicalAddress(input.shippingAddress),
      Notes: input.notes,
    }),
  filters: { withBalance: z.boolean().optional().describe('true: only customers who owe money (Balance > 0)') },
  conditions: (input) => (input['withBalance'] ? [{ field: 'Balance', op: '>', value: '0' }] : []),
});

export { contactFields };
