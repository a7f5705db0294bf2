import type { GoogleClient } from './client.js';

// Docs API v1 (docs.googleapis.com/v1/documents/…).

export interface DocsParagraph {
  paragraphStyle?: { namedStyleType?: string };
  elements?: Array<{ startIndex?: number; endIndex?: number; textRun?: { content?: string } }>;
}

export interface DocsDocument {
  documentId: string;
  title?: string;
  revisionId?: string;
  body?: { content?: Array<{ startIndex?: number; endIndex?: number; paragraph?: DocsParagraph; table?: unknown; sectionBreak?: unknown }> };
}

const BASE = '/v1/documents';

export function getDocument(client: GoogleClient, documentId: string, level: 'read' | 'write' = 'read', signal?: AbortSignal): Promise<DocsDocument> {
  return client.request('docs', 'GET', `${BASE}/{documentId}`, { params: { documentId }, signal, level, operation: 'docs.documents.get' });
}

/** documents.create takes the title only: Google ignores any content sent with it. */
export function createDocument(client: GoogleClient, title: string, signal?: AbortSignal): Promise<DocsDocument> {
  return client.request('docs', 'POST', BASE, { json: { title }, signal, level: 'write', operation: 'docs.documents.create' });
}

export function batchUpdateDocument(client: GoogleClient, documentId: string, requests: Array<Record<string, unknown>>, signal?: AbortSignal): Promise<{ documentId: string; replies?: Array<Record<string, unknown>> }> {
  return client.request('docs', 'POST', `${BASE}/{documentId}:batchUpdate`, { params: { documentId }, json: { requests }, signal, level: 'write', operation: 'docs.documents.batchUpdate' });
}

/** The document as text, headings as Markdown `#` lines. */
export function documentText(document: DocsDocument): string {
  const lines: string[] = [];
  for (const element of document.body?.content ?? []) {
    const paragraph = element.paragraph;
    if (!paragraph) continue;
    const text = (paragraph.elements ?? []).map((run) => run.textRun?.content ?? '').join('').replace(/\n$/, '');
    const style = paragraph.paragraphStyle?.namedStyleType ?? 'NORMAL_TEXT';
    const heading = /^HEADING_(\d)$/.exec(style)?.[1];
    lines.push(style === 'TITLE' ? `# ${text}` : heading ? `${'#'.repeat(Number(heading) + 1)} ${text}` : text);
  }
  return lines.join('\n');
}
