import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { toolHarness, type ToolHarness } from '@enterprise-mcp/core/testing';
import type { GoogleClient } from './client.js';
import { googleEcosystem } from './ecosystem.js';
import { startFake, type GoogleFake } from './testing/index.js';

let fake: GoogleFake;
let h: ToolHarness<GoogleClient>;
let plan: string;
beforeEach(async () => {
  await fake?.close();
  fake = await startFake();
  h = toolHarness(googleEcosystem, fake, { deps: { connection: fake.connection } });
  plan = [...fake.state.files.values()].find((file) => file.name === 'Q3 plan')!.id;
});
afterAll(() => fake.close());

const out = (outcome: { result: { structuredContent?: Record<string, unknown> } }) => outcome.result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Docs tools against the fake', () => {
  it('reads a document with its title and headings as Markdown', async () => {
    expect(out(await h.run('google_read_document', { documentId: plan })).untrustedText).toBe('# Q3 plan\n## Goals\nGrow revenue by 10%.\n## Risks\nHiring is slow.');
  });

  it('creates a document with text, appends and replaces', async () => {
    const created = out(await h.run('google_create_document', { title: 'Minutes', text: 'Attendees: Ada' }));
    expect(fake.requests.find((r) => r.path === '/v1/documents')!.body).toEqual({ title: 'Minutes' });
    await h.run('google_append_text', { documentId: created.documentId, text: '\nDecision: ship it.' });
    expect(out(await h.run('google_replace_text', { documentId: created.documentId, find: 'ship', replaceWith: 'launch' }))).toEqual({ documentId: created.documentId, occurrencesChanged: 1 });
    expect(out(await h.run('google_read_document', { documentId: created.documentId })).untrustedText).toBe('Attendees: Ada\nDecision: launch it.');
  });

  it('rejects a request kind Google does not have, and refuses one the fake does not carry out', async () => {
    const batch = (requests: unknown[]) =>
      h.client.request('docs', 'POST', '/v1/documents/{id}:batchUpdate', { params: { id: plan }, json: { requests }, level: 'write', operation: 'docs.documents.batchUpdate' }).catch((e: unknown) => e as Error);
    expect(((await batch([{ appendParagraph: { text: 'x' } }])) as Error).message).toContain('Unknown name "appendParagraph"');
    expect(((await batch([{ insertTable: { rows: 1, columns: 1, endOfSegmentLocation: {} } }])) as Error).message).toContain('the Google fake carries out insertText, replaceAllText only, not insertTable');
    expect(((await batch([{ insertTable: { rows: 1, columns: 1, endOfSegmentLocation: {}, cells: [] } }])) as Error).message).toContain('Unknown name "cells"');
  });
});
