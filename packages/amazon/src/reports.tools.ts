import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, UpstreamUnavailableError, type ToolContext } from '@enterprise-mcp/core';
import { z } from 'zod';
import { mayShowPersonalData, type AmazonClient } from './client.js';
import { PLATFORM } from './errors.js';
import { COMMON_REPORT_TYPES, reportTypeInfo } from './report-types.js';
import { cancelReport, createReport, downloadReport, getReport, getReportDocument, getReports, type ParsedReport, type SpReport } from './reports.api.js';
import { compact, isoDateTime, jsonValue, marketplaceIdsInput } from './schemas.js';
import { amazonTool } from './tool.js';

const STATUSES = ['IN_QUEUE', 'IN_PROGRESS', 'DONE', 'CANCELLED', 'FATAL'] as const;

const reportTypeInput = z
  .string()
  .regex(/^[A-Z0-9_]+$/, 'must be a report type such as GET_MERCHANT_LISTINGS_ALL_DATA')
  .describe('Report type, e.g. GET_MERCHANT_LISTINGS_ALL_DATA (see amazon_list_report_types)');

const requestInput = {
  reportType: reportTypeInput,
  marketplaceIds: marketplaceIdsInput,
  dataStartTime: isoDateTime('Start of the data range, for reports that take one').optional(),
  dataEndTime: isoDateTime('End of the data range').optional(),
  reportOptions: z.record(z.string(), z.string()).optional().describe('Report-specific options, e.g. {"reportPeriod":"WEEK"}'),
};

const reportSchema = z.object({
  reportId: z.string().describe('Report id'),
  reportType: z.string().describe('Report type'),
  processingStatus: z.enum(STATUSES).describe('IN_QUEUE, IN_PROGRESS, DONE, CANCELLED (no data) or FATAL'),
  createdTime: z.string().describe('When it was requested (ISO 8601)'),
  marketplaceIds: z.array(z.string()).optional().describe('Marketplaces covered'),
  dataStartTime: z.string().optional().describe('Start of the data range'),
  dataEndTime: z.string().optional().describe('End of the data range'),
  processingEndTime: z.string().optional().describe('When processing finished'),
  reportDocumentId: z.string().optional().describe('Document id, once DONE (or FATAL: the error document)'),
});

const contentSchema = {
  format: z.enum(['tsv', 'json', 'text']).optional().describe('How the document was read: tab-separated rows, JSON, or text'),
  rows: z.array(z.record(z.string(), z.string())).optional().describe('Rows keyed by column header (tab-separated reports)'),
  totalRows: z.number().int().optional().describe('Rows in the document (rows holds at most maxRows)'),
  json: jsonValue.optional().describe('Content of a JSON report'),
  text: z.string().optional().describe('Start of a report that is neither tab-separated nor JSON'),
};

const maxRowsInput = z.number().int().min(1).max(5000).default(500).describe('Most rows to return (1-5000, default 500)');

function toReport(report: SpReport): z.input<typeof reportSchema> {
  return compact({
    reportId: report.reportId,
    reportType: report.reportType,
    processingStatus: report.processingStatus,
    createdTime: report.createdTime,
    marketplaceIds: report.marketplaceIds,
    dataStartTime: report.dataStartTime,
    dataEndTime: report.dataEndTime,
    processingEndTime: report.processingEndTime,
    reportDocumentId: report.reportDocumentId,
  });
}

/** A DONE report's rows; a FATAL report's error document as text. */
async function contentOf(client: AmazonClient, report: SpReport, maxRows: number, signal: AbortSignal, personalData: boolean): Promise<ParsedReport | undefined> {
  if (!report.reportDocumentId || (report.processingStatus !== 'DONE' && report.processingStatus !== 'FATAL')) return undefined;
  const restricted = reportTypeInfo(report.reportType)?.personalData ?? false;
  const document = await getReportDocument(client, report.reportDocumentId, restricted, signal, personalData);
  return downloadReport(client, document, maxRows, signal);
}

const contentOutput = (parsed: ParsedReport | undefined) =>
  parsed ? compact({ format: parsed.format, rows: parsed.format === 'tsv' ? parsed.rows : undefined, totalRows: parsed.format === 'tsv' ? parsed.totalRows : undefined, json: parsed.json, text: parsed.text }) : {};

export const listReportTypesTool = amazonTool({
  name: 'amazon_list_report_types',
  title: 'List common report types',
  description: 'Lists report types sellers use most (listings, FBA inventory, orders, returns, fees, sales and traffic), with their format and whether they take a date range or hold personal data.',
  input: z.object({}),
  output: z.object({
    reportTypes: z
      .array(
        z.object({
          reportType: z.string().describe('The type, for reportType'),
          description: z.string().describe('What it holds'),
          format: z.enum(['tsv', 'json', 'xml']).describe('Document format'),
          dateRange: z.boolean().describe('Takes dataStartTime and dataEndTime'),
          personalData: z.boolean().describe("Holds buyers' personal data: downloads need the server to allow it"),
        }),
      )
      .describe('Report types'),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  handler: async () => ({ reportTypes: COMMON_REPORT_TYPES }),
});

export const requestReportTool = amazonTool({
  name: 'amazon_request_report',
  title: 'Request a report',
  description:
    'Asks Amazon to build a report and returns its id at once; Amazon takes from a minute to an hour. Check it with amazon_get_report, or use amazon_run_report to wait for the rows. Reports API createReport.',
  input: z.object(requestInput),
  output: z.object({ reportId: z.string().describe('Report id, for amazon_get_report') }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => ({ reportId: await createReport(ctx.client, input, ctx.signal) }),
});

export const getReportTool = amazonTool({
  name: 'amazon_get_report',
  title: 'Get a report',
  description:
    "Reads a report's status by id and, once it is DONE, downloads its document (gzip, a 5-minute link) and returns its rows. Reports API getReport and getReportDocument.",
  input: z.object({
    reportId: z.string().min(1).describe('Report id from amazon_request_report or amazon_list_reports'),
    download: z.boolean().default(true).describe('Download and parse the document when the report is DONE (default true)'),
    maxRows: maxRowsInput,
  }),
  output: z.object({ report: reportSchema, ...contentSchema }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: false,
  handler: async ({ reportId, download, maxRows }, ctx) => {
    const report = await getReport(ctx.client, reportId, ctx.signal);
    const parsed = download ? await contentOf(ctx.client, report, maxRows, ctx.signal, mayShowPersonalData(ctx)) : undefined;
    return { report: toReport(report), ...contentOutput(parsed) };
  },
});

/** Time between polls: quick at first (small reports are ready in seconds), then up to the client's interval. */
function pollDelay(client: AmazonClient, poll: number): number {
  return Math.min(client.reportPollMs, 250 * 2 ** poll);
}

async function waitForReport(ctx: ToolContext<AmazonClient>, reportId: string, maxWaitMs: number): Promise<SpReport> {
  const deadline = Date.now() + maxWaitMs;
  for (let poll = 0; ; poll++) {
    const report = await getReport(ctx.client, reportId, ctx.signal);
    await ctx.progress({ progress: poll + 1, message: `report ${reportId}: ${report.processingStatus}` });
    if (report.processingStatus === 'DONE' || report.processingStatus === 'FATAL' || report.processingStatus === 'CANCELLED') return report;
    const delay = pollDelay(ctx.client, poll);
    if (Date.now() + delay > deadline) return report;
    try {
      await sleep(delay, undefined, { signal: ctx.signal });
    } catch (error) {
      throw new CancelledError(`Waiting for report ${reportId} was cancelled; it goes on at Amazon (amazon_get_report)`, { platform: PLATFORM, cause: error });
    }
  }
}

export const runReportTool = amazonTool({
  name: 'amazon_run_report',
  title: 'Run a report and read its rows',
  description:
    'Requests a report, waits for Amazon to build it (sending progress notifications while it polls), downloads the document and returns its rows. ' +
    'If it is not ready within maxWaitMinutes, returns the report id to check later with amazon_get_report. Reports API createReport, getReport, getReportDocument.',
  input: z.object({
    ...requestInput,
    maxWaitMinutes: z.number().min(0.1).max(30).default(10).describe('How long to wait for Amazon (default 10 minutes)'),
    maxRows: maxRowsInput,
  }),
  output: z.object({ report: reportSchema, ready: z.boolean().describe('false: still being built; ask amazon_get_report later'), ...contentSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async ({ maxWaitMinutes, maxRows, ...request }, ctx) => {
    const reportId = await createReport(ctx.client, request, ctx.signal);
    await ctx.progress({ progress: 0, message: `report ${reportId} requested` });
    const report = await waitForReport(ctx, reportId, maxWaitMinutes * 60_000);
    if (report.processingStatus === 'IN_QUEUE' || report.processingStatus === 'IN_PROGRESS') return { report: toReport(report), ready: false };
    const parsed = await contentOf(ctx.client, report, maxRows, ctx.signal, mayShowPersonalData(ctx));
    if (report.processingStatus === 'FATAL') {
      throw new UpstreamUnavailableError(`Amazon could not build report ${reportId}${parsed?.text || parsed?.json ? `: ${(parsed.text ?? JSON.stringify(parsed.json)).slice(0, 500)}` : ''}`, {
        platform: PLATFORM,
        platformCode: 'FATAL',
        hint: 'check the report type, marketplaces and date range; some types cannot be requested (settlement reports are scheduled only)',
      });
    }
    return { report: toReport(report), ready: true, ...contentOutput(parsed) };
  },
});

export const listReportsTool = amazonTool({
  name: 'amazon_list_reports',
  title: 'List reports',
  description: 'Lists reports requested in the last 90 days by type and status, newest first, with their ids for amazon_get_report. Reports API getReports.',
  input: z.object({
    reportTypes: z.array(reportTypeInput).min(1).max(10).describe('Report types to list (1-10)'),
    processingStatuses: z.array(z.enum(STATUSES)).optional().describe('Only reports in these states'),
    createdSince: isoDateTime('Only reports requested since').optional(),
    pageSize: z.number().int().min(1).max(100).default(10).describe('Most reports to return (1-100, default 10)'),
  }),
  output: z.object({ reports: z.array(reportSchema).describe('Reports, newest first'), nextToken: z.string().optional().describe('More reports match') }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  cache: false,
  handler: async (filter, ctx) => {
    const page = await getReports(ctx.client, filter, ctx.signal);
    return compact({ reports: page.reports.map(toReport), nextToken: page.nextToken });
  },
});

export const cancelReportTool = amazonTool({
  name: 'amazon_cancel_report',
  title: 'Cancel a report',
  description: 'Cancels a report that is still IN_QUEUE. Reports API cancelReport.',
  input: z.object({ reportId: z.string().min(1).describe('Report id') }),
  output: z.object({ reportId: z.string().describe('The cancelled report'), cancelled: z.boolean().describe('Always true when no error') }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async ({ reportId }, ctx) => {
    await cancelReport(ctx.client, reportId, ctx.signal);
    return { reportId, cancelled: true };
  },
});

export const reportTools = [listReportTypesTool, requestReportTool, getReportTool, runReportTool, listReportsTool, cancelReportTool];
