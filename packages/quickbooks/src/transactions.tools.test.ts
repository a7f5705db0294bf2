import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { QuickBooksClient } from './client.js';
import { quickbooksEcosystem } from './ecosystem.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

describe('QuickBooks payment, bill, estimate and sales receipt tools', () => {
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

  it('quickbooks_create_payment applies the money to invoices and keeps the rest as credit', async () => {
    const { payment } = await data('quickbooks_create_payment', { customerId: '13', invoices: [{ invoiceId: '19', amount: 405 }, { invoiceId: '21', amount: 70 }], amount: 500, paymentReference: '2231' });
    expect(payment).toMatchObject({ TotalAmt: 500, UnappliedAmt: 25, PaymentRefNum: '2231' });
    expect(books().entities.Invoice.get('19')!.Balance).toBe(0);
    expect(books().entities.Invoice.get('21')!.Balance).toBe(100);
    expect(books().entities.Customer.get('13')!.Balance).toBe(75);
  });

  it('quickbooks_create_payment refuses more than an invoice owes, and a total below what it applies', async () => {
    expect((await run('quickbooks_create_payment', { customerId: '13', invoices: [{ invoiceId: '21', amount: 500 }] })).content[0]!.text).toContain('open balance is 170');
    expect((await run('quickbooks_create_payment', { customerId: '13', invoices: [{ invoiceId: '21', amount: 100 }], amount: 50 })).content[0]!.text).toContain('at least 100');
    expect((await run('quickbooks_create_payment', { customerId: '12', invoices: [{ invoiceId: '21', amount: 10 }] })).content[0]!.text).toContain('another customer');
  });

  it('quickbooks_void_payment reopens the invoices it paid', async () => {
    const { payment } = await data('quickbooks_void_payment', { id: '23' });
    expect(payment).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
    expect(books().entities.Invoice.get('20')!.Balance).toBe(365);
    expect(fake.requests.at(-1)!.query.get('include')).toBe('void');
    expect((await data('quickbooks_list_payments', { customerId: '14' })).payments[0]).toMatchObject({ Id: '23', TotalAmt: 0 });
    expect((await data('quickbooks_get_payment', { id: '22' })).payment).toMatchObject({ TotalAmt: 340 });
  });

  it('bills: expense and item lines, one of accountId or itemId per line, open ones listed', async () => {
    const { bill } = await data('quickbooks_create_bill', {
      vendorId: '16',
      docNumber: 'VFM-3001',
      lines: [{ amount: 120, accountId: '7', description: 'Rye flour' }, { amount: 34, itemId: '10', quantity: 4 }],
    });
    expect(bill).toMatchObject({ TotalAmt: 154, Balance: 154, VendorRef: { value: '16', name: 'Valley Flour Mill' } });
    expect((await run('quickbooks_create_bill', { vendorId: '16', lines: [{ amount: 5, accountId: '7', itemId: '10' }] })).content[0]!.text).toContain('exactly one of accountId and itemId');
    const open = await data('quickbooks_list_bills', { vendorId: '16', unpaidOnly: true });
    expect(open.bills.map((b: Data) => b.TotalAmt)).toEqual([154, 420]);
    expect((await data('quickbooks_get_bill', { id: bill.Id })).bill.DocNumber).toBe('VFM-3001');
  });

  it('estimates and sales receipts: create, list, get', async () => {
    const { estimate } = await data('quickbooks_create_estimate', { customerId: '12', lines: [{ itemId: '11', quantity: 2, unitPrice: 65 }], expirationDate: '2031-01-01' });
    expect(estimate).toMatchObject({ TotalAmt: 130, TxnStatus: 'Pending', ExpirationDate: '2031-01-01' });
    expect((await data('quickbooks_list_estimates', { customerId: '12' })).estimates).toHaveLength(1);
    expect((await data('quickbooks_get_estimate', { id: '25' })).estimate.TotalAmt).toBe(510);
    const { sales_receipt: receipt } = await data('quickbooks_create_sales_receipt', { lines: [{ itemId: '10', quantity: 10, unitPrice: 8.5 }], depositToAccountId: '4' });
    expect(receipt).toMatchObject({ TotalAmt: 85, Balance: 0, DepositToAccountRef: { value: '4' } });
    expect((await data('quickbooks_list_sales_receipts', {})).sales_receipts).toHaveLength(2);
    expect((await data('quickbooks_get_sales_receipt', { id: '24' })).sales_receipt.TotalAmt).toBe(102);
  });
});
