import type { QuickBooksClient } from './client.js';
import { readEntity, type QuickBooksEntity } from './entities.api.js';

export interface InvoicePdf {
  /** Size of the PDF QuickBooks rendered. */
  bytes: number;
  contentType: string;
  /** The PDF's first line (`%PDF-1.4`): proof it is a PDF. */
  header: string;
}

/**
 * `GET /invoice/{id}/pdf` with `Accept: application/pdf`. The size comes from Content-Length when
 * QuickBooks sends it (core's transport hands bodies over as text, which would miscount binary bytes).
 */
export async function getInvoicePdf(client: QuickBooksClient, invoiceId: string, signal?: AbortSignal): Promise<InvoicePdf> {
  const { body, headers } = await client.request<string>({ path: '/invoice/{id}/pdf', params: { id: invoiceId }, accept: 'application/pdf', signal, retryable: true });
  const text = typeof body === 'string' ? body : '';
  const length = Number(headers['content-length']);
  return {
    bytes: Number.isFinite(length) && length > 0 ? length : Buffer.byteLength(text, 'latin1'),
    contentType: String(headers['content-type'] ?? 'application/pdf').split(';')[0]!,
    header: text.split(/\r?\n/, 1)[0]!.slice(0, 20),
  };
}

/**
 * The invoice with `InvoiceLink`, the customer's online view and pay page (`include=invoiceLink`).
 * QuickBooks sends it only for invoices with a billing email and online payments set up.
 */
export function readInvoiceWithLink(client: QuickBooksClient, invoiceId: string, signal?: AbortSignal): Promise<QuickBooksEntity> {
  return readEntity(client, 'Invoice', invoiceId, { signal, query: { include: 'invoiceLink' } });
}
