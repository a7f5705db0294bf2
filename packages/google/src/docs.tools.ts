import { z } from 'zod';
import { batchUpdateDocument, createDocument, documentText, getDocument } from './docs.api.js';
import { clip, maxChars, untrustedText } from './schemas.js';
import { googleTool } from './tool.js';

const documentId = z.string().min(1).describe('Document id (the long id in its URL, or a fileId from google_search_files)');

export const readDocumentTool = googleTool({
  name: 'google_read_document',
  title: 'Read a Google Doc',
  description: 'Reads a Google Doc as text with its title and headings marked as Markdown (#, ##).',
  input: z.object({ documentId, maxChars }),
  output: z.object({ documentId: z.string(), title: z.string(), untrustedText: untrustedText('The document text'), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const document = await getDocument(client, input.documentId, 'read', signal);
    const text = clip(documentText(document), input.maxChars);
    return { documentId: document.documentId, title: document.title ?? '', untrustedText: text.text, truncated: text.truncated };
  },
});

export const createDocumentTool = googleTool({
  name: 'google_create_document',
  title: 'Create a Google Doc',
  description: 'Creates a Google Doc in My Drive with a title and, optionally, initial text.',
  input: z.object({ title: z.string().min(1).max(255).describe('Document title'), text: z.string().max(1_000_000).optional().describe('Initial text') }),
  output: z.object({ documentId: z.string(), title: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const document = await createDocument(client, input.title, signal);
    if (input.text) await batchUpdateDocument(client, document.documentId, [{ insertText: { text: input.text, location: { index: 1 } } }], signal);
    return { documentId: document.documentId, title: document.title ?? input.title };
  },
});

export const appendTextTool = googleTool({
  name: 'google_append_text',
  title: 'Append text to a Google Doc',
  description: 'Adds text at the end of a Google Doc (start it with a newline to begin a new paragraph).',
  input: z.object({ documentId, text: z.string().min(1).max(1_000_000).describe('Text to add') }),
  output: z.object({ documentId: z.string(), appendedCharacters: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    await batchUpdateDocument(client, input.documentId, [{ insertText: { text: input.text, endOfSegmentLocation: {} } }], signal);
    return { documentId: input.documentId, appendedCharacters: input.text.length };
  },
});

export const replaceTextTool = googleTool({
  name: 'google_replace_text',
  title: 'Replace text in a Google Doc',
  description: 'Replaces every occurrence of a text in a Google Doc; returns how many were changed.',
  input: z.object({ documentId, find: z.string().min(1).max(10_000).describe('Text to find'), replaceWith: z.string().max(100_000).describe('Replacement text (empty deletes)'), matchCase: z.boolean().default(true).describe('Match case exactly (default true)') }),
  output: z.object({ documentId: z.string(), occurrencesChanged: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const answer = await batchUpdateDocument(client, input.documentId, [{ replaceAllText: { containsText: { text: input.find, matchCase: input.matchCase }, replaceText: input.replaceWith } }], signal);
    const reply = answer.replies?.[0]?.['replaceAllText'] as { occurrencesChanged?: number } | undefined;
    return { documentId: input.documentId, occurrencesChanged: reply?.occurrencesChanged ?? 0 };
  },
});

export const docsTools = [readDocumentTool, createDocumentTool, appendTextTool, replaceTextTool];
