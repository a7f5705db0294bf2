import { round, systemAccount, type Entity, type FakeCompany } from './company.js';
import { isoTime, validation } from './faults.js';

/**
 * Reports computed from the fake's books. Every transaction becomes double-entry postings
 * (an invoice debits A/R and credits each item's income account; a payment debits its deposit
 * account and credits A/R; a sales receipt debits its deposit account; a bill debits expense
 * accounts and credits A/P), and each report sums them, so the reports agree with each other
 * (the balance sheet balances, the trial balance's columns match) and change with the state.
 */
interface Posting {
  date: string;
  accountId: string;
  /** Debit positive, credit negative. */
  amount: number;
  txnType: string;
  txnId: string;
  docNumber?: string;
  name?: string;
}

export interface ReportOptions {
  start: string;
  end: string;
  method: 'Accrual' | 'Cash';
  customer?: string;
  vendor?: string;
}

type Row = Record<string, unknown>;

export const FAKE_REPORTS = ['ProfitAndLoss', 'BalanceSheet', 'AgedReceivables', 'AgedPayables', 'CashFlow', 'TrialBalance', 'GeneralLedger'] as const;

export function runReport(company: FakeCompany, name: string, options: ReportOptions, now: Date): Record<string, unknown> {
  const build = BUILDERS[name];
  if (!build) throw validation('2030', 'Invalid ID', `The report ${name} is not supported`);
  const { columns, rows, point } = build(company, options);
  return {
    Header: {
      Time: isoTime(now),
      ReportName: name,
      ReportBasis: options.method,
      ...(point ? {} : { StartPeriod: options.start }),
      EndPeriod: options.end,
      SummarizeColumnsBy: 'Total',
      Currency: 'USD',
      Option: [{ Name: 'NoReportData', Value: rows.length ? 'false' : 'true' }],
    },
    Columns: { Column: columns.map(([title, type]) => ({ ColTitle: title, ColType: type })) },
    Rows: { Row: rows },
  };
}

type Builder = (company: FakeCompany, options: ReportOptions) => { columns: Array<[string, string]>; rows: Row[]; point?: boolean };

const BUILDERS: Record<string, Builder> = {
  ProfitAndLoss: (company, options) => {
    const postings = postingsOf(company, options.method, options).filter((p) => p.date >= options.start && p.date <= options.end);
    const income = section(company, postings, 'Income', 'Income', ['Revenue'], -1);
    const expenses = section(company, postings, 'Expenses', 'Expenses', ['Expense'], 1);
    const net = round(income.total - expenses.total);
    return {
      columns: [['', 'Account'], ['Total', 'Money']],
      rows: [income.row, expenses.row, { Summary: { ColData: [{ value: 'Net Income' }, { value: money(net) }] }, type: 'Section', group: 'NetIncome' }],
    };
  },
  BalanceSheet: (company, options) => {
    const postings = postingsOf(company, options.method, options).filter((p) => p.date <= options.end);
    const assets = section(company, postings, 'Assets', 'TotalAssets', ['Asset'], 1);
    const liabilities = section(company, postings, 'Liabilities', 'Liabilities', ['Liability'], -1);
    const equityAccounts = section(company, postings, 'Equity', 'Equity', ['Equity'], -1);
    const netIncome = round(-sumWhere(company, postings, ['Revenue', 'Expense']));
    const equityRows = [...((equityAccounts.row['Rows'] as { Row: Row[] }).Row), dataRow('Net Income', undefined, [netIncome])];
    const equityTotal = round(equityAccounts.total + netIncome);
    return {
      point: true,
      columns: [['', 'Account'], ['Total', 'Money']],
      rows: [
        assets.row,
        {
          Header: { ColData: [{ value: 'Liabilities and Equity' }, { value: '' }] },
          Rows: { Row: [liabilities.row, { Header: { ColData: [{ value: 'Equity' }, { value: '' }] }, Rows: { Row: equityRows }, Summary: { ColData: [{ value: 'Total Equity' }, { value: money(equityTotal) }] }, type: 'Section', group: 'Equity' }] },
          Summary: { ColData: [{ value: 'Total Liabilities and Equity' }, { value: money(round(liabilities.total + equityTotal)) }] },
          type: 'Section',
          group: 'TotalLiabilitiesAndEquity',
        },
      ],
    };
  },
  AgedReceivables: (company, options) => aging(company, options, 'Invoice', 'CustomerRef'),
  AgedPayables: (company, options) => aging(company, options, 'Bill', 'VendorRef'),
  CashFlow: (company, options) => {
    const all = postingsOf(company, 'Accrual', options);
    const inPeriod = all.filter((p) => p.date >= options.start && p.date <= options.end);
    const netIncome = round(-sumWhere(company, inPeriod, ['Revenue', 'Expense']));
    const ar = systemAccount(company, 'AccountsReceivable').Id;
    const ap = systemAccount(company, 'AccountsPayable').Id;
    const change = (id: string) => round(inPeriod.filter((p) => p.accountId === id).reduce((sum, p) => sum + p.amount, 0));
    const operating = round(netIncome - change(ar) - change(ap));
    const cash = (date: string, before: boolean) =>
      round(all.filter((p) => (before ? p.date < date : p.date <= date) && isCash(company, p.accountId)).reduce((sum, p) => sum + p.amount, 0));
    return {
      columns: [['', 'Account'], ['Total', 'Money']],
      rows: [
        {
          Header: { ColData: [{ value: 'OPERATING ACTIVITIES' }, { value: '' }] },
          Rows: { Row: [dataRow('Net Income', undefined, [netIncome]), dataRow('Accounts Receivable (A/R)', ar, [-change(ar)]), dataRow('Accounts Payable (A/P)', ap, [-change(ap)])] },
          Summary: { ColData: [{ value: 'Net cash provided by operating activities' }, { value: money(operating) }] },
          type: 'Section',
          group: 'OperatingActivities',
        },
        { Summary: { ColData: [{ value: 'NET CASH INCREASE FOR PERIOD' }, { value: money(operating) }] }, type: 'Section', group: 'CashIncrease' },
        { Summary: { ColData: [{ value: 'Cash at beginning of period' }, { value: money(cash(options.start, true)) }] }, type: 'Section', group: 'BeginningCash' },
        { Summary: { ColData: [{ value: 'CASH AT END OF PERIOD' }, { value: money(cash(options.end, false)) }] }, type: 'Section', group: 'EndingCash' },
      ],
    };
  },
  TrialBalance: (company, options) => {
    const postings = postingsOf(company, options.method, options).filter((p) => p.date <= options.end);
    const rows = accountsIn(company, postings).map((account) => {
      const balance = balanceOf(postings, account.Id);
      return { ColData: [{ value: account.Name, id: account.Id }, { value: balance > 0 ? money(balance) : '' }, { value: balance < 0 ? money(-balance) : '' }], type: 'Data' };
    });
    const total = (side: 1 | -1) => round(accountsIn(company, postings).reduce((sum, account) => sum + Math.max(0, side * balanceOf(postings, account.Id)), 0));
    return {
      point: false,
      columns: [['', 'Account'], ['Debit', 'Money'], ['Credit', 'Money']],
      rows: [...rows, { Summary: { ColData: [{ value: 'TOTAL' }, { value: money(total(1)) }, { value: money(total(-1)) }] }, type: 'Section', group: 'GrandTotal' }],
    };
  },
  GeneralLedger: (company, options) => {
    const postings = postingsOf(company, options.method, options);
    const rows = accountsIn(company, postings).map((account) => {
      const opening = round(postings.filter((p) => p.accountId === account.Id && p.date < options.start).reduce((s, p) => s + p.amount, 0));
      let running = opening;
      const lines = postings
        .filter((p) => p.accountId === account.Id && p.date >= options.start && p.date <= options.end)
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((p) => {
          running = round(running + p.amount);
          return { ColData: [{ value: p.date }, { value: p.txnType, id: p.txnId }, { value: p.docNumber ?? '' }, { value: p.name ?? '' }, { value: money(p.amount) }, { value: money(running) }], type: 'Data' };
        });
      return {
        Header: { ColData: [{ value: account.Name, id: account.Id }, { value: '' }, { value: '' }, { value: '' }, { value: '' }, { value: money(opening) }] },
        Rows: { Row: lines },
        Summary: { ColData: [{ value: `Total for ${account.Name}` }, { value: '' }, { value: '' }, { value: '' }, { value: money(round(running - opening)) }, { value: money(running) }] },
        type: 'Section',
      };
    });
    return { columns: [['Date', 'tx_date'], ['Transaction Type', 'txn_type'], ['Num', 'doc_num'], ['Name', 'name'], ['Amount', 'subt_nat_amount'], ['Balance', 'rbal_nat_amount']], rows };
  },
};

function aging(company: FakeCompany, options: ReportOptions, type: 'Invoice' | 'Bill', partyField: 'CustomerRef' | 'VendorRef'): ReturnType<Builder> {
  const buckets = ['Current', '1 - 30', '31 - 60', '61 - 90', '91 and over'];
  const byParty = new Map<string, { name: string; amounts: number[] }>();
  for (const txn of company.entities[type].values()) {
    if (Number(txn.Balance) <= 0 || txn.TxnDate > options.end) continue;
    const party = txn[partyField] as { value: string; name?: string };
    if ((options.customer && type === 'Invoice' && party.value !== options.customer) || (options.vendor && type === 'Bill' && party.value !== options.vendor)) continue;
    const overdue = Math.floor((Date.parse(options.end) - Date.parse(txn.DueDate ?? txn.TxnDate)) / 86_400_000);
    const bucket = overdue <= 0 ? 0 : overdue <= 30 ? 1 : overdue <= 60 ? 2 : overdue <= 90 ? 3 : 4;
    const entry = byParty.get(party.value) ?? { name: party.name ?? party.value, amounts: [0, 0, 0, 0, 0] };
    entry.amounts[bucket] = round(entry.amounts[bucket]! + Number(txn.Balance));
    byParty.set(party.value, entry);
  }
  const rows: Row[] = [...byParty.entries()].map(([id, entry]) => dataRow(entry.name, id, [...entry.amounts, round(entry.amounts.reduce((a, b) => a + b, 0))]));
  const totals = buckets.map((_, i) => round([...byParty.values()].reduce((sum, e) => sum + e.amounts[i]!, 0)));
  rows.push({ Summary: { ColData: [{ value: 'TOTAL' }, ...[...totals, round(totals.reduce((a, b) => a + b, 0))].map((n) => ({ value: money(n) }))] }, type: 'Section', group: 'GrandTotal' });
  return { point: true, columns: [['', 'Customer'], ...buckets.map((b): [string, string] => [b, 'Money']), ['Total', 'Money']], rows };
}

/** The postings of every live transaction; on the cash basis, sales count when paid and unpaid bills not at all. */
function postingsOf(company: FakeCompany, method: 'Accrual' | 'Cash', options: Pick<ReportOptions, 'customer' | 'vendor'>): Posting[] {
  const ar = systemAccount(company, 'AccountsReceivable').Id;
  const ap = systemAccount(company, 'AccountsPayable').Id;
  const out: Posting[] = [];
  const post = (txn: Entity, txnType: string, accountId: string, amount: number, name?: string) => {
    if (amount) out.push({ date: txn.TxnDate, accountId, amount: round(amount), txnType, txnId: txn.Id, docNumber: txn.DocNumber, name });
  };
  const forCustomer = (txn: Entity) => !options.customer || txn.CustomerRef?.value === options.customer;
  for (const invoice of company.entities.Invoice.values()) {
    if (method === 'Cash' || !forCustomer(invoice)) continue;
    post(invoice, 'Invoice', ar, invoice.TotalAmt, invoice.CustomerRef?.name);
    for (const [account, amount] of incomeByAccount(company, invoice)) post(invoice, 'Invoice', account, -amount, invoice.CustomerRef?.name);
  }
  for (const receipt of company.entities.SalesReceipt.values()) {
    if (!forCustomer(receipt)) continue;
    post(receipt, 'Sales Receipt', receipt.DepositToAccountRef.value, receipt.TotalAmt, receipt.CustomerRef?.name);
    for (const [account, amount] of incomeByAccount(company, receipt)) post(receipt, 'Sales Receipt', account, -amount, receipt.CustomerRef?.name);
  }
  for (const payment of company.entities.Payment.values()) {
    if (!forCustomer(payment)) continue;
    post(payment, 'Payment', payment.DepositToAccountRef.value, payment.TotalAmt, payment.CustomerRef?.name);
    if (method === 'Accrual') {
      post(payment, 'Payment', ar, -payment.TotalAmt, payment.CustomerRef?.name);
      continue;
    }
    // Cash basis: each invoice's income, in proportion to what the payment paid of it.
    for (const line of payment.Line ?? []) {
      const invoice = company.entities.Invoice.get(String(line.LinkedTxn?.[0]?.TxnId));
      if (!invoice || !Number(invoice.TotalAmt)) continue;
      const share = Number(line.Amount) / Number(invoice.TotalAmt);
      for (const [account, amount] of incomeByAccount(company, invoice)) post(payment, 'Payment', account, -amount * share, payment.CustomerRef?.name);
    }
    post(payment, 'Payment', ar, -Number(payment.UnappliedAmt ?? 0), payment.CustomerRef?.name);
  }
  for (const bill of company.entities.Bill.values()) {
    if (method === 'Cash' || (options.vendor && bill.VendorRef?.value !== options.vendor)) continue;
    post(bill, 'Bill', ap, -bill.TotalAmt, bill.VendorRef?.name);
    for (const line of bill.Line ?? []) post(bill, 'Bill', expenseAccountOf(company, line), line.Amount, bill.VendorRef?.name);
  }
  return out;
}

function incomeByAccount(company: FakeCompany, sale: Entity): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of sale.Line ?? []) {
    if (line.DetailType !== 'SalesItemLineDetail') continue;
    const item = company.entities.Item.get(String(line.SalesItemLineDetail?.ItemRef?.value));
    const account = String(item?.IncomeAccountRef?.value);
    totals.set(account, (totals.get(account) ?? 0) + Number(line.Amount));
  }
  return totals;
}

function expenseAccountOf(company: FakeCompany, line: Entity): string {
  if (line.DetailType === 'AccountBasedExpenseLineDetail') return String(line.AccountBasedExpenseLineDetail.AccountRef.value);
  const item = company.entities.Item.get(String(line.ItemBasedExpenseLineDetail?.ItemRef?.value));
  return String(item?.ExpenseAccountRef?.value ?? item?.AssetAccountRef?.value);
}

function section(company: FakeCompany, postings: Posting[], title: string, group: string, classes: string[], sign: 1 | -1) {
  const accounts = accountsIn(company, postings).filter((account) => classes.includes(account.Classification));
  const rows = accounts.map((account) => dataRow(account.Name, account.Id, [sign * balanceOf(postings, account.Id)]));
  const total = round(accounts.reduce((sum, account) => sum + sign * balanceOf(postings, account.Id), 0));
  return {
    total,
    row: { Header: { ColData: [{ value: title }, { value: '' }] }, Rows: { Row: rows }, Summary: { ColData: [{ value: `Total ${title}` }, { value: money(total) }] }, type: 'Section', group } as Row,
  };
}

function sumWhere(company: FakeCompany, postings: Posting[], classes: string[]): number {
  return round(postings.filter((p) => classes.includes(company.entities.Account.get(p.accountId)?.Classification)).reduce((sum, p) => sum + p.amount, 0));
}

function accountsIn(company: FakeCompany, postings: Posting[]): Entity[] {
  const ids = new Set(postings.map((p) => p.accountId));
  return [...company.entities.Account.values()].filter((account) => ids.has(account.Id));
}

function balanceOf(postings: Posting[], accountId: string): number {
  return round(postings.filter((p) => p.accountId === accountId).reduce((sum, p) => sum + p.amount, 0));
}

function isCash(company: FakeCompany, accountId: string): boolean {
  const account = company.entities.Account.get(accountId);
  return account?.AccountType === 'Bank' || account?.AccountSubType === 'UndepositedFunds';
}

function dataRow(label: string, id: string | undefined, amounts: number[]): Row {
  return { ColData: [{ value: label, ...(id ? { id } : {}) }, ...amounts.map((amount) => ({ value: money(amount) }))], type: 'Data' };
}

/** Report numbers are strings with two decimals, as QuickBooks sends them. */
function money(amount: number): string {
  return (round(amount) + 0).toFixed(2);
}
