import { z } from 'zod';
import { deleteEntity, sendEntity, updateEntity, voidEntity } from './entities.api.js';
import { getInvoicePdf, readInvoiceWithLink } from './invoices.api.js';
import { compact, DESTROY, entityOutput, id, isoDate, READ, UPDATE } from './schemas.js';
import { quickbooksTool } from './tool.js';
import { salesHeader, salesHeaderFields, transactionTools } from './transaction.js';

const invoiceOutput = z.object({ invoice: entityOutput });
const invoiceId = z.object({ id: id('invoice') });

const baseTools = transactionTools({
  entity: 'Invoice',
  noun: 'invoice',
  nouns: 'invoices',
  about: 'bills to customers, paid later',
  party: 'customer',
  hasBalance: true,
  create: z.object({
    ...salesHeader,
    dueDate: isoDate('Date payment is due; from the customer\'s terms when left out').optional(),
    allowOnlinePayment: z.boolean().optional().describe('Let the customer pay online from the emailed invoice (needs QuickBooks Payments); gives the invoice an online link'),
  }),
  toEntity: (input) => ({ ...salesHeaderFields(input), ...compact({ DueDate: input.dueDate, AllowOnlinePayment: input.allowOnlinePayment }) }),
  createDescription:
    'Creates an invoice for a customer with item lines and returns it with its id, number, total and balance. ' +
    'Each line takes an itemId and an amount, or quantity × unitPrice. It is not emailed: use quickbooks_send_invoice.',
});

export const updateInvoice = quickbooksTool({
  name: 'quickbooks_update_invoice',
  title: 'Update a QuickBooks invoice',
  description:
    'Changes the given fields of an invoice and keeps the rest (a sparse update; the current SyncToken is read first). ' +
    'Passing `lines` replaces all lines. A paid invoice can still be changed, which changes its balance.',
  input: z.object({
    id: id('invoice'),
    customerId: salesHeader.customerId.optional(),
    lines: salesHeader.lines.optional(),
    txnDate: salesHeader.txnDate,
    dueDate: isoDate('Date payment is due').optional(),
    docNumber: salesHeader.docNumber,
    email: salesHeader.email,
    memo: salesHeader.memo,
    privateNote: salesHeader.privateNote,
  }),
  output: invoiceOutput,
  annotations: UPDATE,
  handler: async ({ id: target, dueDate, ...changes }, ctx) => ({
    invoice: await updateEntity(ctx.client, 'Invoice', target, { ...salesHeaderFields(changes), ...compact({ DueDate: dueDate }) }, ctx.signal),
  }),
});

export const voidInvoice = quickbooksTool({
  name: 'quickbooks_void_invoice',
  title: 'Void a QuickBooks invoice',
  description: 'Voids an invoice: its amounts become zero and it stays in the books, marked Voided. Prefer this to deleting for invoices that were sent.',
  input: invoiceId,
  output: invoiceOutput,
  annotations: DESTROY,
  handler: async (input, ctx) => ({ invoice: await voidEntity(ctx.client, 'Invoice', input.id, ctx.signal) }),
});

export const deleteInvoice = quickbooksTool({
  name: 'quickbooks_delete_invoice',
  title: 'Delete a QuickBooks invoice',
  description: 'Deletes an invoice for good (it leaves no trace in reports). Void it instead to keep the record; an invoice with payments applied must have them removed first.',
  input: invoiceId,
  output: z.object({ id: z.string().describe('Id of the deleted invoice'), status: z.string().describe('"Deleted"') }),
  annotations: DESTROY,
  handler: async (input, ctx) => {
    const deleted = await deleteEntity(ctx.client, 'Invoice', input.id, ctx.signal);
    return { id: deleted.Id, status: String(deleted['status'] ?? 'Deleted') };
  },
});

export const sendInvoice = quickbooksTool({
  name: 'quickbooks_send_invoice',
  title: 'Email a QuickBooks invoice',
  description:
    "Emails an invoice from QuickBooks to its billing email, or to `to`. Returns the invoice with EmailStatus EmailSent and DeliveryInfo. Each call sends another email.",
  input: z.object({ id: id('invoice'), to: z.email().optional().describe("Recipient instead of the invoice's billing email (also saved as its billing email)") }),
  output: invoiceOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => ({ invoice: await sendEntity(ctx.client, 'Invoice', input.id, input.to, ctx.signal) }),
});

export const getInvoicePdfTool = quickbooksTool({
  name: 'quickbooks_get_invoice_pdf',
  title: 'Get a QuickBooks invoice PDF',
  description:
    "Renders an invoice as QuickBooks' PDF and reports its size, with the invoice's online link (InvoiceLink) when QuickBooks has one " +
    '(the customer can view and pay there). The PDF itself is not returned; send the invoice to deliver it.',
  input: invoiceId,
  output: z.object({
    id: z.string().describe('Invoice id'),
    docNumber: z.string().optional().describe('Invoice number'),
    pdf: z.object({ bytes: z.number().int().describe('PDF size in bytes'), contentType: z.string().describe('Media type, application/pdf') }),
    link: z.string().optional().describe("The customer's view-and-pay link, when online payments are set up"),
  }),
  annotations: READ,
  handler: async (input, ctx) => {
    const [invoice, pdf] = await Promise.all([readInvoiceWithLink(ctx.client, input.id, ctx.signal), getInvoicePdf(ctx.client, input.id, ctx.signal)]);
    return compact({
      id: invoice.Id,
      docNumber: typeof invoice['DocNumber'] === 'string' ? invoice['DocNumber'] : undefined,
      pdf: { bytes: pdf.bytes, contentType: pdf.contentType },
      link: typeof invoice['InvoiceLink'] === 'string' ? invoice['InvoiceLink'] : undefined,
    }) as { id: string; pdf: { bytes: number; contentType: string } };
  },
});

export const invoiceTools = [...baseTools, updateInvoice, voidInvoice, deleteInvoice, sendInvoice, getInvoicePdfTool];
