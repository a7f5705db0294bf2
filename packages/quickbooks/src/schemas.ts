import { z } from 'zod';
import { MAX_RESULTS } from './query.js';

/** An entity as QuickBooks sends it: its id and SyncToken, and every other field it has, as JSON. */
export const entityOutput = z
  .object({
    Id: z.string().describe('QuickBooks id of the object'),
    SyncToken: z.string().optional().describe('Version of the object; grows with every change (the tools handle it)'),
  })
  .catchall(z.json());

export const id = (what: string) => z.string().trim().regex(/^\d+$/, `must be a QuickBooks id such as "42"`).describe(`QuickBooks id of the ${what}`);

export const isoDate = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .describe(`${what} (YYYY-MM-DD)`);

export const money = (what: string) => z.number().finite().describe(`${what}, in the company's currency`);

export const paging = {
  startPosition: z.number().int().min(1).default(1).describe('1-based position of the first row (the previous answer\'s nextStartPosition)'),
  maxResults: z.number().int().min(1).max(MAX_RESULTS).default(20).describe(`Rows per page, 1 to ${MAX_RESULTS}`),
};

export const pageOutput = {
  startPosition: z.number().int().describe('Position of the first row returned'),
  returned: z.number().int().describe('Rows in this page'),
  nextStartPosition: z.number().int().optional().describe('Pass as startPosition for the next page; absent on the last page'),
};

/** The paging fields of an answer: a full page may have a next one, a short page is the last. */
export function pageInfo(startPosition: number, maxResults: number, returned: number) {
  return { startPosition, returned, ...(returned === maxResults ? { nextStartPosition: startPosition + returned } : {}) };
}

export const addressInput = z
  .object({
    line1: z.string().max(500).optional().describe('Street, first line'),
    line2: z.string().max(500).optional().describe('Street, second line'),
    city: z.string().max(255).optional().describe('City'),
    region: z.string().max(255).optional().describe('State or province code, e.g. CA'),
    postalCode: z.string().max(30).optional().describe('Postal or ZIP code'),
    country: z.string().max(255).optional().describe('Country'),
  })
  .describe('A postal address');

export type AddressInput = z.output<typeof addressInput>;

/** Our address fields as QuickBooks' PhysicalAddress. */
export function physicalAddress(address: AddressInput) {
  return compact({
    Line1: address.line1,
    Line2: address.line2,
    City: address.city,
    CountrySubDivisionCode: address.region,
    PostalCode: address.postalCode,
    Country: address.country,
  });
}

export const ref = (value: string | undefined) => (value === undefined ? undefined : { value });

/** Drops undefined fields, so a sparse update sends only what the caller named. */
export function compact<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export const READ = { readOnlyHint: true, idempotentHint: true, openWorldHint: true } as const;
export const CREATE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true } as const;
export const UPDATE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true } as const;
export const DESTROY = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true } as const;
