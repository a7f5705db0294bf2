import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { QuickBooksClient } from './client.js';
import { quickbooksEcosystem } from './ecosystem.js';
import { startFake, type QuickBooksFake } from './testing/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

describe('QuickBooks query, company and report tools', () => {
  let fake: QuickBooksFake;
  let harness: ToolHarness<QuickBooksClient>;
  const run = async (name: string, args: unknown) => (await harness.run(name, args)).result;
  const data = async (name: string, args: unknown) => {
    const result = await run(name, args);
    if (result.isError) throw new Error(result.content[0]!.text);
    return result.structuredContent as Data;
  };
  const line = (report: Data, label: string) => report.rows.find((row: Data) => row.label === label)?.values;
  const far = { startDate: '2000-01-01', endDate: '2100-12-31' };

  beforeAll(async () => {
    fake = await startFake();
    harness = toolHarness(quickbooksEcosystem, fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('quickbooks_run_query pages a statement and counts with COUNT(*)', async () => {
    const page = await data('quickbooks_run_query', { query: "SELECT * FROM Invoice WHERE Balance > '0' ORDERBY Balance DESC", maxResults: 2 });
    expect(page).toMatchObject({ entity: 'Invoice', returned: 2, nextStartPosition: 3 });
    expect(page.rows.map((row: Data) => row.Balance)).toEqual([405, 170]);
    expect(fake.requests.at(-1)!.query.get('query')).toBe("SELECT * FROM Invoice WHERE Balance > '0' ORDERBY Balance DESC STARTPOSITION 1 MAXRESULTS 2");
    expect(await data('quickbooks_run_query', { query: 'SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)' })).toMatchObject({ totalCount: 4, rows: [] });
    expect(await data('quickbooks_run_query', { query: "SELECT * FROM Customer WHERE DisplayName = 'Nobody'" })).toMatchObject({ rows: [], returned: 0 });
  });

  it('quickbooks_run_query passes on what the language refuses, and keeps paging in the arguments', async () => {
    const or = await run('quickbooks_run_query', { query: "SELECT * FROM Invoice WHERE Balance > '0' OR DocNumber = '1001'" });
    expect(or.content[0]!.text).toMatch(/Error parsing query.*OR is not supported.*\(QuickBooks 4000\)/);
    expect((await run('quickbooks_run_query', { query: 'SELECT * FROM invoice' })).content[0]!.text).toContain('Invalid context declaration : invoice');
    expect((await run('quickbooks_run_query', { query: 'SELECT * FROM Invoice MAXRESULTS 5' })).content[0]!.text).toContain('remove STARTPOSITION and MAXRESULTS');
    expect((await run('quickbooks_run_query', { query: 'DELETE FROM Invoice' })).content[0]!.text).toContain('must start with SELECT');
  });

  it('quickbooks_get_company_info names the connected company', async () => {
    expect((await data('quickbooks_get_company_info', {})).company).toMatchObject({ CompanyName: 'Harbor Lights Bakery (demo)', Country: 'US' });
  });

  it('ProfitAndLoss: income from invoices and sales receipts, expenses from bills; cash basis counts what was paid', async () => {
    const accrual = await data('quickbooks_run_report', { report: 'ProfitAndLoss', ...far, accountingMethod: 'Accrual' });
    expect(accrual).toMatchObject({ report: 'ProfitAndLoss', basis: 'Accrual', columns: ['', 'Total'], truncated: false });
    expect(line(accrual, 'Total Income')).toEqual(['1382.00']);
    expect(line(accrual, 'Total Expenses')).toEqual(['2220.00']);
    expect(line(accrual, 'Net Income')).toEqual(['-838.00']);
    expect(accrual.raw.Rows.Row[0].Summary.ColData[1].value).toBe('1382.00');
    const cash = await data('quickbooks_run_report', { report: 'ProfitAndLoss', ...far, accountingMethod: 'Cash' });
    expect(line(cash, 'Total Income')).toEqual(['642.00']);
    expect(fake.requests.at(-1)!.query.get('accounting_method')).toBe('Cash');
  });

  it('BalanceSheet balances, and moves when a payment is recorded', async () => {
    const before = await data('quickbooks_run_report', { report: 'BalanceSheet', endDate: '2100-12-31' });
    expect(line(before, 'Total Assets')).toEqual(line(before, 'Total Liabilities and Equity'));
    expect(line(before, 'Accounts Receivable (A/R)')).toEqual(['740.00']);
    expect(fake.requests.at(-1)!.query.has('start_date')).toBe(false);
    await data('quickbooks_create_payment', { customerId: '13', invoices: [{ invoiceId: '19', amount: 405 }] });
    const after = await data('quickbooks_run_report', { report: 'BalanceSheet', endDate: '2100-12-31' });
    expect(line(after, 'Accounts Receivable (A/R)')).toEqual(['335.00']);
    expect(line(after, 'Total Assets')).toEqual(line(after, 'Total Liabilities and Equity'));
  });

  it('AgedReceivables sorts open invoices into aging buckets, as of a date', async () => {
    const aged = await data('quickbooks_run_report', { report: 'AgedReceivables' });
    expect(aged.columns).toEqual(['', 'Current', '1 - 30', '31 - 60', '61 - 90', '91 and over', 'Total']);
    // Invoice 1002 is 10 days old and due in 20; 1004 was due 100 days ago; Cedar Hill's was due 45 days ago.
    expect(line(aged, 'Blue Door Café')).toEqual(['405.00', '0.00', '0.00', '0.00', '170.00', '575.00']);
    expect(line(aged, 'Cedar Hill School')).toEqual(['0.00', '0.00', '165.00', '0.00', '0.00', '165.00']);
    expect(line(aged, 'TOTAL')).toEqual(['405.00', '0.00', '165.00', '0.00', '170.00', '740.00']);
    const payables = await data('quickbooks_run_report', { report: 'AgedPayables' });
    expect(line(payables, 'TOTAL')!.at(-1)).toBe('2220.00');
  });

  it('TrialBalance debits equal credits; GeneralLedger lists each account\'s transactions; CashFlow ends with the cash on hand', async () => {
    const trial = await data('quickbooks_run_report', { report: 'TrialBalance', ...far });
    const [debits, credits] = line(trial, 'TOTAL');
    expect(debits).toBe(credits);
    const ledger = await data('quickbooks_run_report', { report: 'GeneralLedger', ...far });
    expect(ledger.columns).toEqual(['Date', 'Transaction Type', 'Num', 'Name', 'Amount', 'Balance']);
    expect(ledger.rows.filter((row: Data) => row.kind === 'line' && row.values[0] === 'Invoice')).toHaveLength(9); // 4 on A/R, 5 on income accounts (one per invoice and income account)
    const flow = await data('quickbooks_run_report', { report: 'CashFlow', ...far });
    expect(line(flow, 'CASH AT END OF PERIOD')).toEqual(['642.00']);
    const limited = await data('quickbooks_run_report', { report: 'GeneralLedger', ...far, maxRows: 3 });
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.rows).toHaveLength(3);
  });
});
