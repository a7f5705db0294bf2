import { gunzipSync } from 'node:zlib';
import type { AmazonClient } from './client.js';
import type { Json } from './schemas.js';

// Reports API 2021-06-30.

export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

export interface SpReport {
  reportId: string;
  reportType: string;
  processingStatus: ProcessingStatus;
  createdTime: string;
  marketplaceIds?: string[];
  dataStartTime?: string;
  dataEndTime?: string;
  processingStartTime?: string;
  processingEndTime?: string;
  reportDocumentId?: string;
  reportScheduleId?: string;
}

export interface ReportRequest {
  reportType: string;
  marketplaceIds?: string[];
  dataStartTime?: string;
  dataEndTime?: string;
  reportOptions?: Record<string, string>;
}

/** createReport: asks Amazon to build a report; it is ready when getReport says DONE. */
export async function createReport(client: AmazonClient, request: ReportRequest, signal?: AbortSignal): Promise<string> {
  const body = await client.call<{ reportId: string }>('reports.createReport', {
    json: { ...request, marketplaceIds: client.marketplaces(request.marketplaceIds) },
    signal,
  });
  return body.reportId;
}

export function getReport(client: AmazonClient, reportId: string, signal?: AbortSignal): Promise<SpReport> {
  return client.call<SpReport>('reports.getReport', { params: { reportId }, signal });
}

export interface ReportFilter {
  reportTypes?: string[];
  processingStatuses?: ProcessingStatus[];
  marketplaceIds?: string[];
  createdSince?: string;
  createdUntil?: string;
  pageSize?: number;
  nextToken?: string;
}

/** getReports: reports of some types (or, with nextToken alone, the next page). */
export function getReports(client: AmazonClient, filter: ReportFilter, signal?: AbortSignal): Promise<{ reports: SpReport[]; nextToken?: string }> {
  // With nextToken Amazon takes no other parameter.
  const query = filter.nextToken ? { nextToken: filter.nextToken } : { ...filter };
  return client.call('reports.getReports', { query, signal });
}

export async function cancelReport(client: AmazonClient, reportId: string, signal?: AbortSignal): Promise<void> {
  await client.call('reports.cancelReport', { params: { reportId }, signal });
}

export interface ReportDocument {
  reportDocumentId: string;
  url: string;
  compressionAlgorithm?: 'GZIP';
}

/** getReportDocument: a presigned URL (valid 5 minutes); with a restricted data token for reports holding personal data. */
export function getReportDocument(client: AmazonClient, reportDocumentId: string, restricted: boolean, signal?: AbortSignal, personalData = client.allowPersonalData): Promise<ReportDocument> {
  const options = { params: { reportDocumentId }, signal };
  return restricted ? client.callRestricted<ReportDocument>('reports.getReportDocument', { ...options, personalData }) : client.call<ReportDocument>('reports.getReportDocument', options);
}

export interface ParsedReport {
  format: 'tsv' | 'json' | 'text';
  /** Rows of a tab-separated report, keyed by its header; empty for other formats. */
  rows: Array<Record<string, string>>;
  totalRows: number;
  /** A JSON report's content. */
  json?: Json;
  /** The start of a report that is neither (XML, plain text). */
  text?: string;
}

/** Downloads a report document, gunzips it when Amazon says GZIP, and parses it. */
export async function downloadReport(client: AmazonClient, document: ReportDocument, maxRows: number, signal?: AbortSignal): Promise<ParsedReport> {
  const { bytes } = await client.download(document.url, signal);
  const raw = document.compressionAlgorithm === 'GZIP' ? gunzipSync(bytes) : bytes;
  return parseReport(raw.toString('utf8'), maxRows);
}

/**
 * Flat-file reports are tab-separated with a header row (no quoting); some
 * reports are JSON (sales and traffic); anything else is returned as text.
 */
export function parseReport(content: string, maxRows: number): ParsedReport {
  const trimmed = content.replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(trimmed)) {
    try {
      return { format: 'json', rows: [], totalRows: 0, json: JSON.parse(trimmed) as Json };
    } catch {
      // Not JSON after all: fall through.
    }
  }
  const lines = trimmed.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length && lines[0]!.includes('\t')) {
    const header = lines[0]!.split('\t');
    const rows = lines.slice(1, maxRows + 1).map((line) => {
      const cells = line.split('\t');
      return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    });
    return { format: 'tsv', rows, totalRows: lines.length - 1 };
  }
  return { format: 'text', rows: [], totalRows: 0, text: trimmed.slice(0, 20_000) };
}
