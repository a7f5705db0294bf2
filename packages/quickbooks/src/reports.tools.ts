import { z } from 'zod';
import type { Json } from './entities.api.js';
import { getReport, readableRows, REPORTS, type ReportQuery } from './reports.api.js';
import { compact, id, isoDate, READ } from './schemas.js';
import { quickbooksTool } from './tool.js';

const DATE_MACROS = [
  'Today',
  'Yesterday',
  'This Week',
  'Last Week',
  'This Month',
  'This Month-to-date',
  'Last Month',
  'This Fiscal Quarter',
  'This Fiscal Quarter-to-date',
  'Last Fiscal Quarter',
  'This Fiscal Year',
  'This Fiscal Year-to-date',
  'Last Fiscal Year',
  'This Calendar Year',
  'This Calendar Year-to-date',
  'Last Calendar Year',
] as const;

const POINT_IN_TIME = new Set(['BalanceSheet', 'AgedReceivables', 'AgedPayables']);
const AGING = new Set(['AgedReceivables', 'AgedPayables']);

export const runReport = quickbooksTool({
  name: 'quickbooks_run_report',
  title: 'Run a QuickBooks report',
  description:
    'Runs a financial report computed by QuickBooks and returns it as readable rows (headings, lines, totals, one value per column) and as QuickBooks sent it. ' +
    'ProfitAndLoss, CashFlow, TrialBalance and GeneralLedger cover a period (startDate-endDate or dateMacro); BalanceSheet, AgedReceivables and AgedPayables ' +
    'are as of a date (endDate, default today). Intuit advises periods of six months or less for the detailed reports.',
  input: z.object({
    report: z.enum(REPORTS).describe('Which report'),
    startDate: isoDate('First day of the period (period reports)').optional(),
    endDate: isoDate('Last day of the period, or the as-of date').optional(),
    dateMacro: z.enum(DATE_MACROS).optional().describe('A named period instead of dates'),
    accountingMethod: z.enum(['Accrual', 'Cash']).optional().describe("Accrual (when invoiced or billed) or Cash (when paid); the company's preference when left out"),
    summarizeColumnsBy: z
      .enum(['Total', 'Month', 'Quarter', 'Year', 'Customers', 'Vendors'])
      .optional()
      .describe('ProfitAndLoss, BalanceSheet and CashFlow: one column per month, quarter, year, customer or vendor instead of a total'),
    customerId: id('customer the report is limited to').optional(),
    vendorId: id('vendor the report is limited to').optional(),
    maxRows: z.number().int().min(1).max(5000).default(500).describe('At most this many readable rows (the raw report is complete)'),
  }),
  output: z.object({
    report: z.string().describe('Report name'),
    basis: z.string().optional().describe('Accrual or Cash'),
    startPeriod: z.string().optional().describe('First day covered'),
    endPeriod: z.string().optional().describe('Last day covered, or the as-of date'),
    currency: z.string().optional().describe('Currency of the amounts'),
    columns: z.array(z.string()).describe('Column titles; rows have one value for each after the first'),
    rows: z
      .array(
        z.object({
          kind: z.enum(['heading', 'line', 'total']).describe('A section heading, a line, or a section total'),
          depth: z.number().int().describe('Nesting level, 0 for top-level sections'),
          label: z.string().describe('Account, customer or row label'),
          values: z.array(z.string()).describe('Amounts as QuickBooks formats them, one per column after the first'),
          group: z.string().optional().describe("QuickBooks' name for the section (Income, NetIncome…)"),
        }),
      )
      .describe('The report top to bottom'),
    truncated: z.boolean().describe('true when more rows exist than maxRows'),
    raw: z.record(z.string(), z.json()).describe('The report as QuickBooks sent it (Header, Columns, Rows)'),
  }),
  annotations: READ,
  handler: async (input, ctx) => {
    const raw = await getReport(ctx.client, input.report, reportQuery(input), ctx.signal);
    const rows = readableRows(raw);
    const header = raw.Header ?? {};
    return {
      report: header.ReportName ?? input.report,
      ...compact({ basis: header.ReportBasis, startPeriod: header.StartPeriod, endPeriod: header.EndPeriod, currency: header.Currency }),
      columns: (raw.Columns?.Column ?? []).map((column) => column.ColTitle ?? ''),
      rows: rows.slice(0, input.maxRows),
      truncated: rows.length > input.maxRows,
      raw: raw as Record<string, Json>,
    };
  },
});

/**
 * The report's query parameters. A point-in-time report gets only its as-of date: QuickBooks
 * ignores a BalanceSheet's end_date when start_date is sent too, and the aging reports call it report_date.
 */
function reportQuery(input: {
  report: string;
  startDate?: string;
  endDate?: string;
  dateMacro?: string;
  accountingMethod?: 'Cash' | 'Accrual';
  summarizeColumnsBy?: string;
  customerId?: string;
  vendorId?: string;
}): ReportQuery {
  const asOf = POINT_IN_TIME.has(input.report);
  return compact({
    start_date: asOf ? undefined : input.startDate,
    end_date: AGING.has(input.report) ? undefined : input.endDate,
    report_date: AGING.has(input.report) ? input.endDate : undefined,
    date_macro: input.dateMacro,
    accounting_method: input.accountingMethod,
    summarize_column_by: input.summarizeColumnsBy,
    customer: input.customerId,
    vendor: input.vendorId,
  });
}

export const reportTools = [runReport];
