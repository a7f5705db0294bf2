import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import {
  createEntity,
  day,
  deleteEntity,
  FAKE_ENTITIES,
  getEntity,
  NAME_LISTS,
  sendEntity,
  updateEntity,
  voidEntity,
  type FakeCompany,
  type FakeEntityName,
} from './company.js';
import { faultBody, isoTime, QuickBooksFault, validation } from './faults.js';
import { compare, matches, parseQuery } from './query-engine.js';
import { runReport } from './reports.js';

/** What the routes need from the fake: the company of a request (its realm, already authorized) and the clock. */
export interface RouteContext {
  companyOf(request: FakeRequest): FakeCompany;
  now(): Date;
  /** Extra time the API routes take (a slow QuickBooks), for the concurrency limit. */
  latencyMs(): number;
}

const BY_PATH = new Map<string, FakeEntityName>(FAKE_ENTITIES.map((name) => [name.toLowerCase(), name]));
const QUERYABLE = [...FAKE_ENTITIES, 'CompanyInfo'];

export function apiRoutes(ctx: RouteContext): FakeRoute[] {
  const base = '/v3/company/:realm';
  const route = (method: string, path: string, handler: (request: FakeRequest, company: FakeCompany) => FakeResponse): FakeRoute => ({
    method,
    path: `${base}${path}`,
    handler: async (request) => {
      const wait = ctx.latencyMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return handler(request, ctx.companyOf(request));
      } catch (error) {
        if (error instanceof QuickBooksFault) return { status: error.status, body: faultBody(error, ctx.now()) };
        throw error;
      }
    },
  });
  const ok = (body: Record<string, unknown>): FakeResponse => ({ status: 200, body: { ...body, time: isoTime(ctx.now()) } });

  const query = (request: FakeRequest, company: FakeCompany) => {
    const statement = request.method === 'GET' ? (request.query.get('query') ?? '') : String(request.body ?? '');
    const parsed = parseQuery(statement, QUERYABLE);
    if (parsed.entity === 'CompanyInfo') return ok({ QueryResponse: { CompanyInfo: [company.info], startPosition: 1, maxResults: 1 } });
    const mentionsActive = parsed.where.some((condition) => condition.field === 'Active');
    let rows = [...company.entities[parsed.entity as FakeEntityName].values()].filter(
      (row) => parsed.where.every((condition) => matches(row, condition)) && (mentionsActive || !NAME_LISTS.has(parsed.entity as FakeEntityName) || row.Active !== false),
    );
    if (parsed.count) return ok({ QueryResponse: { totalCount: rows.length } });
    rows.sort((a, b) => compare(a.Id, b.Id));
    for (const order of [...parsed.orderBy].reverse()) rows = stableSort(rows, (a, b) => (order.descending ? -1 : 1) * compare(a[order.field] ?? '', b[order.field] ?? ''));
    const page = rows.slice(parsed.startPosition - 1, parsed.startPosition - 1 + parsed.maxResults);
    // An empty page has no entity key at all, as QuickBooks sends it.
    return ok({ QueryResponse: page.length ? { [parsed.entity]: page, startPosition: parsed.startPosition, maxResults: page.length } : {} });
  };

  return [
    route('GET', '/query', query),
    route('POST', '/query', query),
    route('GET', '/reports/:report', (request, company) => {
      const range = reportRange(request, ctx.now());
      const method = request.query.get('accounting_method') === 'Cash' ? 'Cash' : 'Accrual';
      const customer = request.query.get('customer') ?? undefined;
      const vendor = request.query.get('vendor') ?? undefined;
      return { status: 200, body: runReport(company, request.params['report']!, { ...range, method, customer, vendor }, ctx.now()) };
    }),
    route('GET', '/companyinfo/:id', (request, company) => {
      if (request.params['id'] !== company.realmId) throw validation('610', 'Object Not Found', `Object Not Found : CompanyInfo ${request.params['id']}`);
      return ok({ CompanyInfo: company.info });
    }),
    route('POST', '/:entity/:id/send', (request, company) => {
      const type = entityOf(request);
      if (type !== 'Invoice' && type !== 'Estimate') throw validation('2010', 'Unsupported Operation', `${type} cannot be sent`);
      return ok({ [type]: sendEntity(company, type, request.params['id']!, request.query.get('sendTo'), ctx.now()) });
    }),
    route('GET', '/:entity/:id/pdf', (request, company) => {
      const type = entityOf(request);
      const entity = getEntity(company, type, request.params['id']!);
      return { status: 200, headers: { 'content-type': 'application/pdf' }, body: pdfOf(company, type, entity) };
    }),
    route('GET', '/:entity/:id', (request, company) => {
      const type = entityOf(request);
      const entity = getEntity(company, type, request.params['id']!);
      const withLink = type === 'Invoice' && request.query.get('include') === 'invoiceLink' && entity['BillEmail'] && entity['AllowOnlinePayment'];
      return ok({ [type]: withLink ? { ...entity, InvoiceLink: `https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-${company.realmId}-${entity.Id}` } : entity });
    }),
    route('POST', '/:entity', (request, company) => {
      const type = entityOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const operation = request.query.get('operation') ?? (body['Id'] === undefined ? 'create' : 'update');
      const write = () => {
        if (operation === 'create') return createEntity(company, type, body, ctx.now());
        if (operation === 'delete') return deleteEntity(company, type, body);
        if (operation === 'void') return voidEntity(company, type, body, ctx.now());
        if (type === 'Payment' && request.query.get('include') === 'void') return voidEntity(company, type, body, ctx.now());
        return updateEntity(company, type, body, ctx.now());
      };
      return replayable(company, request, () => ok({ [type]: write() }));
    }),
  ];
}

/** `requestid`: the same id again gets the first answer, and nothing is written twice. */
function replayable(company: FakeCompany, request: FakeRequest, write: () => FakeResponse): FakeResponse {
  const id = request.query.get('requestid');
  if (!id) return write();
  const key = `${request.path} ${id}`;
  const stored = company.replies.get(key) as FakeResponse | undefined;
  if (stored) return structuredClone(stored);
  const response = write();
  company.replies.set(key, structuredClone(response));
  return response;
}

function entityOf(request: FakeRequest): FakeEntityName {
  const type = BY_PATH.get(request.params['entity'] ?? '');
  // Paths are case-sensitive: /Invoice is as unknown as /widget.
  if (!type) throw new QuickBooksFault(400, '2010', 'Unsupported Operation', `Operation ${request.method} ${request.path} is not supported`);
  return type;
}

function stableSort<T>(rows: T[], order: (a: T, b: T) => number): T[] {
  return rows.map((row, index) => ({ row, index })).sort((a, b) => order(a.row, b.row) || a.index - b.index).map(({ row }) => row);
}

/** The period of a report: its dates, a date macro, or QuickBooks' default (this calendar year to date). */
function reportRange(request: FakeRequest, now: Date): { start: string; end: string } {
  const today = day(now);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const macro = request.query.get('date_macro');
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  const quarter = Math.floor(month / 3) * 3;
  const macros: Record<string, [string, string]> = {
    Today: [today, today],
    Yesterday: [iso(year, month, now.getUTCDate() - 1), iso(year, month, now.getUTCDate() - 1)],
    'This Week': [iso(year, month, now.getUTCDate() - now.getUTCDay()), iso(year, month, now.getUTCDate() - now.getUTCDay() + 6)],
    'Last Week': [iso(year, month, now.getUTCDate() - now.getUTCDay() - 7), iso(year, month, now.getUTCDate() - now.getUTCDay() - 1)],
    'This Month': [iso(year, month, 1), iso(year, month + 1, 0)],
    'This Month-to-date': [iso(year, month, 1), today],
    'Last Month': [iso(year, month - 1, 1), iso(year, month, 0)],
    'This Fiscal Quarter': [iso(year, quarter, 1), iso(year, quarter + 3, 0)],
    'This Fiscal Quarter-to-date': [iso(year, quarter, 1), today],
    'Last Fiscal Quarter': [iso(year, quarter - 3, 1), iso(year, quarter, 0)],
    'This Fiscal Year': [iso(year, 0, 1), iso(year, 11, 31)],
    'This Fiscal Year-to-date': [iso(year, 0, 1), today],
    'Last Fiscal Year': [iso(year - 1, 0, 1), iso(year - 1, 11, 31)],
    'This Calendar Year': [iso(year, 0, 1), iso(year, 11, 31)],
    'This Calendar Year-to-date': [iso(year, 0, 1), today],
    'Last Calendar Year': [iso(year - 1, 0, 1), iso(year - 1, 11, 31)],
  };
  if (macro && !macros[macro]) throw validation('2030', 'Invalid date_macro', `date_macro "${macro}" is not one QuickBooks knows`, 'date_macro');
  const [macroStart, macroEnd] = macro ? macros[macro]! : [iso(year, 0, 1), today];
  const end = request.query.get('end_date') ?? request.query.get('report_date') ?? macroEnd;
  return { start: request.query.get('start_date') ?? macroStart, end };
}

/** A small, valid, ASCII-only PDF of the transaction (the fake's transport sends text bodies). */
function pdfOf(company: FakeCompany, type: string, entity: Record<string, unknown>): string {
  const customer = (entity['CustomerRef'] as { name?: string } | undefined)?.name ?? '';
  const text = `${company.name} - ${type} ${String(entity['DocNumber'] ?? entity['Id'])} - ${customer} - Total ${String(entity['TotalAmt'] ?? '')}`.replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return `${pdf}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}
