import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { startFake, type GoogleFake } from './testing/index.js';

let fake: GoogleFake;
let h: ToolHarness<GoogleClient>;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(googleEcosystem, fake, { deps: { connection: fake.connection } });
});
afterAll(() => fake.close());

const out = (outcome: { result: { structuredContent?: Record<string, unknown> } }) => outcome.result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fileNamed = (name: string) => [...fake.state.files.values()].find((file) => file.name === name)!;

describe('Drive tools against the fake', () => {
  it('searches by name and type across short and empty pages, asking for the fields it shows', async () => {
    const found = out(await h.run('google_search_files', { name: 'plan', type: 'document' }));
    expect(found.files.map((f: { name: string }) => f.name)).toEqual(['Q3 plan']);
    const list = fake.requests.filter((r) => r.path === '/drive/v3/files');
    expect(list[0]!.query.get('q')).toBe("name contains 'plan' and mimeType = 'application/vnd.google-apps.document' and trashed = false");
    expect(list[0]!.query.get('fields')).toContain('nextPageToken,files(');
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(found.files[0]).toMatchObject({ owner: 'ada@example.com', shared: true, webViewLink: expect.stringContaining('/document/d/') });
  });

  it('escapes quotes in names and rejects a query Drive would not parse', async () => {
    await h.run('google_search_files', { name: "Ada's" });
    expect(fake.requests.at(-1)!.query.get('q')).toContain("name contains 'Ada\\'s'");
    const bad = await h.run('google_search_files', { query: 'name ~ budget' });
    expect(bad.error).toMatchObject({ code: 'validation_failed' });
  });

  it('reads a Doc by exporting it, a Sheet as CSV, a text file by download; a PDF is not text', async () => {
    expect(out(await h.run('google_read_file', { fileId: fileNamed('Q3 plan').id }))).toMatchObject({ exportedAs: 'text/plain', untrustedText: expect.stringContaining('Grow revenue by 10%.') });
    expect(out(await h.run('google_read_file', { fileId: fileNamed('Budget 2026').id })).untrustedText).toBe('Month,Revenue,Costs\nJan,1200,800\nFeb,1350,820\nMar,1500,900');
    expect(out(await h.run('google_read_file', { fileId: fileNamed('notes.txt').id })).untrustedText).toContain('Budget review on Friday.');
    expect(out(await h.run('google_read_file', { fileId: fileNamed('Partner contract draft').id }))).toMatchObject({ textAvailable: false, mimeType: 'application/pdf' });
  });

  it('creates a folder, uploads a text file into it (multipart), renames, moves and trashes it', async () => {
    const folder = out(await h.run('google_create_folder', { name: 'Reports' }));
    const file = out(await h.run('google_upload_text_file', { name: 'report.md', content: '# Weekly\nAll good.', mimeType: 'text/markdown', parentId: folder.fileId }));
    expect(file).toMatchObject({ name: 'report.md', parents: [folder.fileId] });
    expect(String(fake.requests.at(-1)!.headers['content-type'])).toMatch(/^multipart\/related; boundary=/);
    expect(fake.state.files.get(file.fileId)!.content).toBe('# Weekly\nAll good.');
    expect(out(await h.run('google_rename_file', { fileId: file.fileId, name: 'weekly.md' })).name).toBe('weekly.md');
    const contracts = fileNamed('Contracts').id;
    expect(out(await h.run('google_move_file', { fileId: file.fileId, folderId: contracts })).parents).toEqual([contracts]);
    expect(out(await h.run('google_trash_file', { fileId: file.fileId })).trashed).toBe(true);
    expect(out(await h.run('google_search_files', { name: 'weekly' })).files).toHaveLength(0);
  });

  it('uploads CSV as a Google Sheet when asked to convert', async () => {
    const file = out(await h.run('google_upload_text_file', { name: 'Imported', content: 'a,b\n1,2', mimeType: 'text/csv', convertToDoc: true }));
    expect(file.mimeType).toBe('application/vnd.google-apps.spreadsheet');
    expect(out(await h.run('google_read_range', { spreadsheetId: file.fileId })).rows).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('shares with a person (allowlist checked) and makes a file private again', async () => {
    const notes = fileNamed('notes.txt');
    const shared = out(await h.run('google_share_file', { fileId: notes.id, email: 'bob@example.com', role: 'writer', notify: false }));
    expect(shared).toMatchObject({ email: 'bob@example.com', role: 'writer' });
    expect(fake.requests.at(-1)!.query.get('sendNotificationEmail')).toBe('false');
    const guarded = toolHarness(googleEcosystem, { ...fake, configs: { ...fake.configs, oauth: { ...fake.configs.oauth, allowedRecipientDomains: 'example.com' } } } as GoogleFake);
    expect((await guarded.run('google_share_file', { fileId: notes.id, email: 'eve@evil.test' })).error).toMatchObject({ code: 'permission_denied' });
    const removed = out(await h.run('google_make_file_private', { fileId: notes.id })).removed;
    expect(removed).toEqual([{ type: 'user', role: 'writer', who: 'bob@example.com' }]);
    expect(notes.permissions.map((p) => p.role)).toEqual(['owner']);
  });
});
