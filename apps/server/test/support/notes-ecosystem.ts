import { z } from 'zod';
import { createHttpClient, defineEcosystem, defineTool, type HttpClient } from '@enterprise-mcp/core';
import { startFakeServer, type FakeServer } from '@enterprise-mcp/core/testing';

/**
 * A tiny platform for the server's own tests: notes stored per API token, so a
 * test can see which tenant's credential reached the platform.
 */
export interface NotesFake extends FakeServer {
  notesByToken: Map<string, Array<{ id: string; text: string }>>;
}

export async function startNotesFake(tokens: string[]): Promise<NotesFake> {
  const notesByToken = new Map(tokens.map((token) => [token, [] as Array<{ id: string; text: string }>]));
  const tokenOf = (headers: Record<string, unknown>) => String(headers['authorization'] ?? '').replace(/^Bearer /, '');
  const fake = await startFakeServer({
    before: (request) =>
      notesByToken.has(tokenOf(request.headers)) ? undefined : { status: 401, body: { error: 'invalid token' } },
    routes: [
      { method: 'GET', path: '/notes', handler: (request) => ({ body: { notes: notesByToken.get(tokenOf(request.headers)) } }) },
      {
        method: 'POST',
        path: '/notes',
        handler: (request) => {
          const notes = notesByToken.get(tokenOf(request.headers))!;
          const note = { id: String(notes.length + 1), text: String((request.body as { text?: unknown }).text) };
          notes.push(note);
          return { status: 201, body: note };
        },
      },
      { method: 'DELETE', path: '/notes/:id', handler: () => ({ status: 204 }) },
    ],
  });
  return Object.assign(fake, { notesByToken });
}

const noteSchema = z.object({ id: z.string().describe('Note id'), text: z.string().describe('Note text') });

const listNotes = defineTool<HttpClient, z.ZodObject, z.ZodObject>({
  name: 'notes_list_notes',
  title: 'List notes',
  description: 'Lists every note of the account.',
  input: z.object({ apiKey: z.string().optional().describe('Not used; lets tests check argument redaction') }),
  output: z.object({ notes: z.array(noteSchema).describe('The notes') }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  handler: (_input, ctx) => ctx.client.get('notes', { signal: ctx.signal }),
});

const createNote = defineTool<HttpClient, z.ZodObject, z.ZodObject>({
  name: 'notes_create_note',
  title: 'Create note',
  description: 'Creates a note with the given text.',
  input: z.object({ text: z.string().min(1).describe('Text of the note') }),
  output: noteSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
  handler: (input, ctx) => ctx.client.post('notes', { json: { text: input.text }, signal: ctx.signal }),
});

const deleteNote = defineTool<HttpClient, z.ZodObject, undefined>({
  name: 'notes_delete_note',
  title: 'Delete note',
  description: 'Deletes a note by id.',
  input: z.object({ id: z.string().describe('Note id') }),
  annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
  handler: async (input, ctx) => {
    await ctx.client.delete(`notes/${input.id}`, { signal: ctx.signal });
    return 'deleted';
  },
});

export const notesEcosystem = defineEcosystem({
  id: 'notes',
  displayName: 'Notes',
  description: 'A test platform',
  envPrefix: 'NOTES',
  authModes: {
    token: {
      kind: 'api-key',
      description: 'Bearer token',
      config: z.object({ apiToken: z.string().min(1) }),
      env: { apiToken: 'NOTES_API_TOKEN' },
      credential: (config) => config.apiToken,
    },
  },
  environments: { production: { baseUrl: 'https://notes.invalid' } },
  rateLimits: [{ points: 1000, durationSeconds: 60, scope: 'credential', description: 'test budget' }],
  tools: [listNotes, createNote, deleteNote],
  createClient: (config, deps) =>
    createHttpClient({
      platform: 'Notes',
      baseUrl: config.baseUrl,
      auth: { token: deps.token },
      rateLimiter: deps.rateLimiter,
      retries: 0,
      logger: deps.logger,
    }),
});
