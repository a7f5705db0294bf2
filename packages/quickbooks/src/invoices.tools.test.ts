import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { QuickBooksClient } from './client.js';
import { quickbooksEcosystem } from './ecosystem.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

describe('QuickBooks invoice tools', () => {
  let fake: QuickBooksFake;
  let harness: ToolHarness<QuickBooksClient>;
  const run = async (name: string, args: unknown) => (await harness.run(name, args)).result;
  const data = async (name: string, args: unknown) => {
    const result = await run(name, args);
    if (result.isError) throw new Error(result.content[0]!.text);
    return result.structuredContent as Data;
  };
  const books = () => fake.companies.get(fake.connection.externalIds['realmId']!)!;

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(quickbooksEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('quickbooks_list_invoices filters by customer and open balance, newest first', async () => {
    const open = await data('quickbooks_list_invoices', { customerId: '13', unpaidOnly: true });
    expect(open.invoices.map((i: Data) => [i.DocNumber, i.Balance])).toEqual([['1002', 405], ['1004', 170]]);
    const all = await data('quickbooks_list_invoices', {});
    expect(all.invoices).toHaveLength(4);
  });

  it('quickbooks_create_invoice computes line amounts from quantity × unit price and numbers the invoice', async () => {
    const { invoice } = await data('quickbooks_create_invoice', {
      customerId: '12',
      lines: [{ itemId: '9', quantity: 3, unitPrice: 85 }, { itemId: '11', amount: 65, description: 'Birthday cake' }],
      memo: 'Thank you!',
    });
    expect(invoice).toMatchObject({ DocNumber: '1007', TotalAmt: 320, Balance: 320, CustomerRef: { value: '12', name: "Amy's Bird Sanctuary" }, CustomerMemo: { value: 'Thank you!' }, BillEmail: { Address: 'birds@intuit.example' } });
    expect(invoice.Line[0]).toMatchObject({ Amount: 255, SalesItemLineDetail: { ItemRef: { value: '9' }, Qty: 3, UnitPrice: 85 } });
    expect(books().entities.Customer.get('12')!.Balance).toBe(320);
  });

  it('quickbooks_create_invoice reports an unknown item and a line without an amount', async () => {
    const unknown = await run('quickbooks_create_invoice', { customerId: '12', lines: [{ itemId: '999', amount: 10 }] });
    expect(unknown.content[0]!.text).toContain('(QuickBooks 2500)');
    const noAmount = await run('quickbooks_create_invoice', { customerId: '12', lines: [{ itemId: '9' }] });
    expect(noAmount.content[0]!.text).toContain('lines.0: give amount, or unitPrice');
  });

  it('quickbooks_update_invoice is sparse; new lines recompute the balance, keeping what was paid', async () => {
    const { invoice } = await data('quickbooks_update_invoice', { id: '20', dueDate: '2030-01-31' });
    expect(invoice).toMatchObject({ DueDate: '2030-01-31', TotalAmt: 365, Balance: 165, SyncToken: String(Number(books().entities.Invoice.get('20')!.SyncToken)) });
    const relined = await data('quickbooks_update_invoice', { id: '20', lines: [{ itemId: '9', quantity: 5, unitPrice: 85 }] });
    expect(relined.invoice).toMatchObject({ TotalAmt: 425, Balance: 225 });
  });

  it('quickbooks_void_invoice zeroes it; a paid invoice must lose its payments first', async () => {
    const { invoice } = await data('quickbooks_void_invoice', { id: '19' });
    expect(invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' });
    expect(books().entities.Customer.get('13')!.Balance).toBe(170);
    const paid = await run('quickbooks_void_invoice', { id: '18' });
    expect(paid.content[0]!.text).toContain('payments applied');
  });

  it('quickbooks_delete_invoice removes an unpaid invoice', async () => {
    expect(await data('quickbooks_delete_invoice', { id: '21' })).toEqual({ id: '21', status: 'Deleted' });
    expect(books().entities.Invoice.has('21')).toBe(false);
    expect((await run('quickbooks_get_invoice', { id: '21' })).content[0]!.text).toContain('(QuickBooks 610)');
  });

  it('quickbooks_send_invoice emails it to the billing address or to another one', async () => {
    const { invoice } = await data('quickbooks_send_invoice', { id: '19' });
    expect(invoice).toMatchObject({ EmailStatus: 'EmailSent', DeliveryInfo: { DeliveryType: 'Email' } });
    await data('quickbooks_send_invoice', { id: '19', to: 'accounts@bluedoor.example' });
    expect(books().outbox.map((mail) => mail.to)).toEqual(['orders@bluedoor.example', 'accounts@bluedoor.example']);
    expect(fake.requests.at(-1)!.query.get('sendTo')).toBe('accounts@bluedoor.example');
  });

  it('quickbooks_get_invoice_pdf reports the PDF and the online link when there is one', async () => {
    const pdf = await data('quickbooks_get_invoice_pdf', { id: '19' });
    expect(pdf).toMatchObject({ id: '19', docNumber: '1002', pdf: { contentType: 'application/pdf' } });
    expect(pdf.pdf.bytes).toBeGreaterThan(400);
    expect(pdf).not.toHaveProperty('link');
    expect(fake.requests.find((r) => r.path.endsWith('/pdf'))!.headers.accept).toBe('application/pdf');
    const { invoice } = await data('quickbooks_create_invoice', { customerId: '13', lines: [{ itemId: '10', quantity: 2, unitPrice: 8.5 }], allowOnlinePayment: true });
    expect((await data('quickbooks_get_invoice_pdf', { id: invoice.Id })).link).toMatch(/^https:\/\/connect\.intuit\.com\//);
  });
});
