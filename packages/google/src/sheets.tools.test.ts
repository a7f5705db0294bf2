import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { startFake, type GoogleFake } from './testing/index.js';

let fake: GoogleFake;
let h: ToolHarness<GoogleClient>;
let budget: string;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(googleEcosystem, fake, { deps: { connection: fake.connection } });
  budget = [...fake.state.files.values()].find((file) => file.name === 'Budget 2026')!.id;
});
afterAll(() => fake.close());

const out = (outcome: { result: { structuredContent?: Record<string, unknown> } }) => outcome.result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Sheets tools against the fake', () => {
  it('reads a range, and a sheet whose name has a space (quoted for Google)', async () => {
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'A1:B2' }))).toEqual({ range: 'Sheet1!A1:B2', rows: [['Month', 'Revenue'], ['Jan', '1200']], rowCount: 2 });
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, sheet: 'Team costs', range: 'A2:B3' })).rows).toEqual([['Ada', '100'], ['Bob', '90']]);
    expect(decodeURIComponent(fake.requests.at(-1)!.path)).toContain("/values/'Team costs'!A2:B3");
  });

  it('answers an empty range without values', async () => {
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'F10:G12' }))).toMatchObject({ rows: [], rowCount: 0 });
  });

  it('writes with USER_ENTERED (numbers and formulas parsed) or RAW (text kept)', async () => {
    await h.run('google_write_range', { spreadsheetId: budget, range: 'D1', rows: [['Total'], ['=SUM(B2:B4)']] });
    expect(fake.requests.at(-1)!.query.get('valueInputOption')).toBe('USER_ENTERED');
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'D2', render: 'UNFORMATTED_VALUE' })).rows).toEqual([[4050]]);
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'D2', render: 'FORMULA' })).rows).toEqual([['=SUM(B2:B4)']]);
    await h.run('google_write_range', { spreadsheetId: budget, range: 'E1', rows: [['=1+1']], valueInput: 'RAW' });
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'E1', render: 'UNFORMATTED_VALUE' })).rows).toEqual([['=1+1']]);
  });

  it('appends rows after the table', async () => {
    const appended = out(await h.run('google_append_rows', { spreadsheetId: budget, rows: [['Apr', 1600, 950]] }));
    expect(appended).toEqual({ updatedRange: 'Sheet1!A5:C5', updatedRows: 1 });
    expect(fake.requests.at(-1)!.query.get('insertDataOption')).toBe('INSERT_ROWS');
    expect(out(await h.run('google_read_range', { spreadsheetId: budget, range: 'A5:C5' })).rows).toEqual([['Apr', '1600', '950']]);
  });

  it('creates a spreadsheet and adds a sheet; a duplicate name changes nothing', async () => {
    const created = out(await h.run('google_create_spreadsheet', { title: 'Leads', sheets: ['Open', 'Won'] }));
    expect(created.sheets.map((s: { title: string }) => s.title)).toEqual(['Open', 'Won']);
    expect(out(await h.run('google_add_sheet', { spreadsheetId: created.spreadsheetId, title: 'Lost' })).title).toBe('Lost');
    const duplicate = await h.run('google_add_sheet', { spreadsheetId: created.spreadsheetId, title: 'Won' });
    expect(duplicate.error!.message).toContain('A sheet with the name "Won" already exists');
    expect(fake.state.sheets.get(created.spreadsheetId)!.map((s) => s.title)).toEqual(['Open', 'Won', 'Lost']);
  });

  it('refuses, atomically, a batchUpdate request the fake does not carry out instead of ignoring it', async () => {
    const batch = (requests: unknown[]) =>
      h.client.request('sheets', 'POST', '/v4/spreadsheets/{id}:batchUpdate', { params: { id: budget }, json: { requests }, level: 'write', operation: 'sheets.spreadsheets.batchUpdate' }).catch((e: unknown) => e as Error);
    const titles = () => fake.state.sheets.get(budget)!.map((s) => s.title);
    const before = titles();
    const refused = await batch([{ addSheet: { properties: { title: 'Q2' } } }, { updateSpreadsheetProperties: { properties: { title: 'Budget' }, fields: 'title' } }]);
    expect((refused as Error).message).toContain('Invalid requests[1]: the Google fake carries out addSheet, deleteSheet only, not updateSpreadsheetProperties');
    expect(((await batch([{}])) as Error).message).toContain('Invalid requests[0]: No request set.');
    expect(titles()).toEqual(before);
  });

  it("answers a missing valueInputOption as Google does", async () => {
    const error = await h.client.request('sheets', 'PUT', '/v4/spreadsheets/{id}/values/{range}', { params: { id: budget, range: 'A1' }, json: { values: [['x']] }, level: 'write', operation: 'sheets.spreadsheets.values.update' }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe("'valueInputOption' is required but not specified");
  });
});
