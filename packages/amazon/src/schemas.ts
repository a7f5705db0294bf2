import { z } from 'zod';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Any JSON value Amazon sends (listing attributes, order sections), described so strict clients accept it. */
export const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const jsonObject = z.record(z.string(), jsonValue);

export const marketplaceIdsInput = z
  .array(z.string().regex(/^[A-Z0-9]{8,20}$/, 'must be an Amazon marketplace id such as ATVPDKIKX0DER'))
  .min(1)
  .max(50)
  .optional()
  .describe("Marketplace ids (US ATVPDKIKX0DER, CA A2EUQ1WTGCTBG2, UK A1F83G8C2ARO7P, DE A1PA6795UKMFR9, JP A1VC38T7YXB528…); default: the connection's marketplaces");

export const skuInput = z.string().min(1).max(200).describe('Seller SKU of the listing, exactly as the seller wrote it (any characters; sent URL-encoded)');

export const moneySchema = z.object({
  amount: z.string().describe('Amount as a decimal string'),
  currencyCode: z.string().describe('ISO 4217 currency code'),
});

/** Drops null and undefined fields, so outputs match schemas whose fields are optional. */
export function compact<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}

/** Amazon dates are ISO 8601; a model's "yesterday" must become one. */
export const isoDateTime = (description: string) => z.iso.datetime({ offset: true }).describe(`${description} (ISO 8601, e.g. 2026-11-20T00:00:00Z)`);
