import type { GoogleClient } from './client.js';

// Sheets API v4 (sheets.googleapis.com/v4/spreadsheets/…).

export type CellValue = string | number | boolean;

export interface ValueRange {
  range: string;
  majorDimension?: 'ROWS' | 'COLUMNS';
  /** Absent when the range is empty; trailing blank rows and cells are trimmed. */
  values?: CellValue[][];
}

export interface UpdateValuesResponse {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows?: number;
  updatedColumns?: number;
  updatedCells?: number;
}

export interface SheetProperties {
  sheetId: number;
  title: string;
  index?: number;
  gridProperties?: { rowCount?: number; columnCount?: number };
}

export interface Spreadsheet {
  spreadsheetId: string;
  spreadsheetUrl?: string;
  properties?: { title?: string };
  sheets?: Array<{ properties: SheetProperties }>;
}

const BASE = '/v4/spreadsheets';

export function getValues(client: GoogleClient, spreadsheetId: string, range: string, valueRenderOption: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA', signal?: AbortSignal): Promise<ValueRange> {
  return client.request('sheets', 'GET', `${BASE}/{spreadsheetId}/values/{range}`, { params: { spreadsheetId, range }, query: { valueRenderOption }, signal, level: 'read', operation: 'sheets.spreadsheets.values.get' });
}

/** values.update: `valueInputOption` is required (RAW stores text as typed; USER_ENTERED parses numbers, dates and formulas). */
export function updateValues(client: GoogleClient, spreadsheetId: string, range: string, values: CellValue[][], valueInputOption: 'RAW' | 'USER_ENTERED', signal?: AbortSignal): Promise<UpdateValuesResponse> {
  return client.request('sheets', 'PUT', `${BASE}/{spreadsheetId}/values/{range}`, {
    params: { spreadsheetId, range },
    query: { valueInputOption },
    json: { range, majorDimension: 'ROWS', values },
    signal,
    level: 'write',
    operation: 'sheets.spreadsheets.values.update',
  });
}

export function appendValues(client: GoogleClient, spreadsheetId: string, range: string, values: CellValue[][], valueInputOption: 'RAW' | 'USER_ENTERED', signal?: AbortSignal): Promise<{ spreadsheetId: string; tableRange?: string; updates: UpdateValuesResponse }> {
  return client.request('sheets', 'POST', `${BASE}/{spreadsheetId}/values/{range}:append`, {
    params: { spreadsheetId, range },
    query: { valueInputOption, insertDataOption: 'INSERT_ROWS' },
    json: { range, majorDimension: 'ROWS', values },
    signal,
    level: 'write',
    operation: 'sheets.spreadsheets.values.append',
  });
}

export function createSpreadsheet(client: GoogleClient, title: string, sheetTitles: string[], signal?: AbortSignal): Promise<Spreadsheet> {
  return client.request('sheets', 'POST', BASE, {
    json: { properties: { title }, ...(sheetTitles.length ? { sheets: sheetTitles.map((sheet) => ({ properties: { title: sheet } })) } : {}) },
    signal,
    level: 'write',
    operation: 'sheets.spreadsheets.create',
  });
}

/** spreadsheets.batchUpdate: atomic, if one request is invalid none is applied. */
export function batchUpdate(client: GoogleClient, spreadsheetId: string, requests: Array<Record<string, unknown>>, signal?: AbortSignal): Promise<{ spreadsheetId: string; replies: Array<Record<string, unknown>> }> {
  return client.request('sheets', 'POST', `${BASE}/{spreadsheetId}:batchUpdate`, { params: { spreadsheetId }, json: { requests }, signal, level: 'write', operation: 'sheets.spreadsheets.batchUpdate' });
}

/** A1 notation with the sheet name quoted when it needs it ('My Sheet'!A1:C). */
export function a1(sheet: string | undefined, cells: string | undefined): string {
  if (!sheet) return cells ?? '';
  const quoted = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return cells ? `${quoted}!${cells}` : quoted;
}
