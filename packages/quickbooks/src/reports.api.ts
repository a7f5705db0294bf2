import type { QuickBooksClient } from './client.js';

export const REPORTS = ['ProfitAndLoss', 'BalanceSheet', 'AgedReceivables', 'AgedPayables', 'CashFlow', 'TrialBalance', 'GeneralLedger'] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportQuery {
  start_date?: string;
  end_date?: string;
  date_macro?: string;
  accounting_method?: 'Cash' | 'Accrual';
  summarize_column_by?: string;
  /** The as-of date of the aging reports. */
  report_date?: string;
  customer?: string;
  vendor?: string;
}

interface ColData {
  value?: string;
  id?: string;
}

export interface ReportRow {
  type?: string;
  group?: string;
  ColData?: ColData[];
  Header?: { ColData?: ColData[] };
  Rows?: { Row?: ReportRow[] };
  Summary?: { ColData?: ColData[] };
}

/** A report as QuickBooks sends it: Header, Columns and nested Rows, every number a string. */
export interface RawReport {
  Header?: Record<string, unknown> & { ReportName?: string; ReportBasis?: string; StartPeriod?: string; EndPeriod?: string; Currency?: string };
  Columns?: { Column?: Array<{ ColTitle?: string; ColType?: string }> };
  Rows?: { Row?: ReportRow[] };
}

/** `GET /reports/{name}` with the report's parameters. */
export async function getReport(client: QuickBooksClient, name: ReportName, query: ReportQuery, signal?: AbortSignal): Promise<RawReport> {
  const { body } = await client.request<RawReport>({ path: `/reports/${name}`, query: { ...query }, signal, retryable: true });
  return body;
}

export interface ReadableRow {
  /** A section's heading, an account's (or transaction's) line, or a section's total. */
  kind: 'heading' | 'line' | 'total';
  /** Nesting: 0 for top-level sections. */
  depth: number;
  label: string;
  /** One value per column after the first, as QuickBooks formats them. */
  values: string[];
  /** QuickBooks' name for the section (`Income`, `NetIncome`). */
  group?: string;
}

/** Flattens the nested Rows into lines a person (or model) reads top to bottom: heading, its lines, its total. */
export function readableRows(report: RawReport): ReadableRow[] {
  const out: ReadableRow[] = [];
  const walk = (rows: ReportRow[] | undefined, depth: number) => {
    for (const row of rows ?? []) {
      const group = row.group ? { group: row.group } : {};
      if (row.Header?.ColData) out.push({ kind: 'heading', depth, ...cells(row.Header.ColData), ...group });
      if (row.ColData) out.push({ kind: 'line', depth, ...cells(row.ColData), ...group });
      walk(row.Rows?.Row, depth + 1);
      if (row.Summary?.ColData) out.push({ kind: 'total', depth, ...cells(row.Summary.ColData), ...group });
    }
  };
  walk(report.Rows?.Row, 0);
  return out;
}

function cells(data: ColData[]): { label: string; values: string[] } {
  const [first, ...rest] = data;
  return { label: first?.value ?? '', values: rest.map((cell) => cell.value ?? '') };
}
