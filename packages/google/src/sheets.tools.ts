import { z } from 'zod';
import { a1, appendValues, batchUpdate, createSpreadsheet, getValues, updateValues } from './sheets.api.js';
import { googleTool } from './tool.js';

const spreadsheetId = z.string().min(1).describe('Spreadsheet id (the long id in its URL, or a fileId from google_search_files)');
const sheet = z.string().max(100).optional().describe('Sheet (tab) name; default the first sheet');
const cell = z.union([z.string(), z.number(), z.boolean()]);
const rows = z.array(z.array(cell).max(1000)).min(1).max(10_000).describe('Rows of cell values, first row first');
const valueInput = z.enum(['USER_ENTERED', 'RAW']).default('USER_ENTERED').describe('USER_ENTERED (default) parses numbers, dates and =formulas as if typed; RAW stores the text as is');

export const readRangeTool = googleTool({
  name: 'google_read_range',
  title: 'Read spreadsheet cells',
  description: 'Reads a range of a Google Sheet as rows (A1 notation: A1:D20, or a whole column A:C). Trailing empty rows and cells are left out.',
  input: z.object({
    spreadsheetId,
    sheet,
    range: z.string().max(100).optional().describe('Cells in A1 notation (A1:D20, A:C); default the whole sheet'),
    render: z.enum(['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA']).default('FORMATTED_VALUE').describe('Values as shown (default), raw numbers, or formulas'),
  }),
  output: z.object({ range: z.string(), rows: z.array(z.array(cell)), rowCount: z.number() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const answer = await getValues(client, input.spreadsheetId, a1(input.sheet, input.range) || 'A:ZZZ', input.render, signal);
    const values = answer.values ?? [];
    return { range: answer.range, rows: values, rowCount: values.length };
  },
});

export const writeRangeTool = googleTool({
  name: 'google_write_range',
  title: 'Write spreadsheet cells',
  description: 'Overwrites cells starting at a range’s top-left cell with the given rows.',
  input: z.object({ spreadsheetId, sheet, range: z.string().min(1).max(100).describe('Top-left cell or range in A1 notation (B2, A1:C3)'), rows, valueInput }),
  output: z.object({ updatedRange: z.string(), updatedCells: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const answer = await updateValues(client, input.spreadsheetId, a1(input.sheet, input.range), input.rows, input.valueInput, signal);
    return { updatedRange: answer.updatedRange, updatedCells: answer.updatedCells ?? 0 };
  },
});

export const appendRowsTool = googleTool({
  name: 'google_append_rows',
  title: 'Append spreadsheet rows',
  description: 'Adds rows after the last row of the table on a sheet (new rows are inserted; nothing is overwritten).',
  input: z.object({ spreadsheetId, sheet, rows, valueInput }),
  output: z.object({ updatedRange: z.string(), updatedRows: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const answer = await appendValues(client, input.spreadsheetId, a1(input.sheet, 'A1'), input.rows, input.valueInput, signal);
    return { updatedRange: answer.updates.updatedRange, updatedRows: answer.updates.updatedRows ?? input.rows.length };
  },
});

export const createSpreadsheetTool = googleTool({
  name: 'google_create_spreadsheet',
  title: 'Create a spreadsheet',
  description: 'Creates a Google Sheet in My Drive, optionally with named sheets (tabs).',
  input: z.object({ title: z.string().min(1).max(255).describe('Spreadsheet title'), sheets: z.array(z.string().min(1).max(100)).max(20).default([]).describe('Sheet names (default one sheet, "Sheet1")') }),
  output: z.object({ spreadsheetId: z.string(), url: z.string().optional(), sheets: z.array(z.object({ sheetId: z.number(), title: z.string() })) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const created = await createSpreadsheet(client, input.title, input.sheets, signal);
    return { spreadsheetId: created.spreadsheetId, ...(created.spreadsheetUrl ? { url: created.spreadsheetUrl } : {}), sheets: (created.sheets ?? []).map((entry) => ({ sheetId: entry.properties.sheetId, title: entry.properties.title })) };
  },
});

export const addSheetTool = googleTool({
  name: 'google_add_sheet',
  title: 'Add a sheet (tab)',
  description: 'Adds a new sheet (tab) to a spreadsheet.',
  input: z.object({ spreadsheetId, title: z.string().min(1).max(100).describe('Name of the new sheet') }),
  output: z.object({ sheetId: z.number(), title: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const answer = await batchUpdate(client, input.spreadsheetId, [{ addSheet: { properties: { title: input.title } } }], signal);
    const properties = (answer.replies[0]?.['addSheet'] as { properties: { sheetId: number; title: string } }).properties;
    return { sheetId: properties.sheetId, title: properties.title };
  },
});

export const sheetsTools = [readRangeTool, writeRangeTool, appendRowsTool, createSpreadsheetTool, addSheetTool];
