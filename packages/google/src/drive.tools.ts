import { ValidationError } from '@enterprise-mcp/core';
import { z } from 'zod';
import {
  createFolder,
  createPermission,
  deletePermission,
  downloadFile,
  driveLiteral,
  exportFile,
  getFile,
  listFiles,
  listPermissions,
  updateFile,
  uploadFile,
  type DriveFile,
} from './drive.api.js';
import { PLATFORM } from './errors.js';
import { htmlToText } from './mime.js';
import { clip, emailAddress, limit, maxChars, pageToken, untrustedText } from './schemas.js';
import { googleTool } from './tool.js';

const fileId = z.string().min(1).describe('File id from google_search_files');
const fileSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  mimeType: z.string(),
  modifiedTime: z.string().optional(),
  size: z.number().optional(),
  parents: z.array(z.string()),
  owner: z.string().optional(),
  shared: z.boolean().optional(),
  trashed: z.boolean().optional(),
  webViewLink: z.string().optional(),
  sharedDriveId: z.string().optional(),
  untrustedDescription: untrustedText('The file description').optional(),
});

/** What google_read_file exports each Google editors type as. */
const EXPORTS: Record<string, string> = {
  'application/vnd.google-apps.document': 'text/plain',
  'application/vnd.google-apps.spreadsheet': 'text/csv',
  'application/vnd.google-apps.presentation': 'text/plain',
};
const TEXT = /^(text\/|application\/(json|xml|csv|javascript|x-yaml|yaml|x-sh|sql|rtf))/i;

export const searchFilesTool = googleTool({
  name: 'google_search_files',
  title: 'Search Drive files',
  description:
    "Searches My Drive and shared drives. Give simple filters (name, text, type, folder) or a raw Drive query (name contains 'budget' and mimeType = 'application/vnd.google-apps.spreadsheet'). Trashed files are left out unless the query mentions trashed.",
  input: z.object({
    name: z.string().max(200).optional().describe('Part of the file name'),
    text: z.string().max(200).optional().describe('Words in the file content (full-text search)'),
    type: z.enum(['document', 'spreadsheet', 'presentation', 'folder', 'pdf']).optional().describe('Kind of file'),
    folderId: z.string().optional().describe('Only files directly in this folder'),
    query: z.string().max(2000).optional().describe("A raw Drive query, ANDed with the filters (escape ' as \\')"),
    limit: limit(100, 25, 'files'),
    pageToken,
  }),
  output: z.object({ files: z.array(fileSchema), nextPageToken: z.string().optional() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const types: Record<string, string> = { document: 'application/vnd.google-apps.document', spreadsheet: 'application/vnd.google-apps.spreadsheet', presentation: 'application/vnd.google-apps.presentation', folder: 'application/vnd.google-apps.folder', pdf: 'application/pdf' };
    const clauses = [
      input.name && `name contains ${driveLiteral(input.name)}`,
      input.text && `fullText contains ${driveLiteral(input.text)}`,
      input.type && `mimeType = '${types[input.type]}'`,
      input.folderId && `${driveLiteral(input.folderId)} in parents`,
      input.query && `(${input.query})`,
      !/\btrashed\b/.test(input.query ?? '') && 'trashed = false',
    ].filter(Boolean);
    const files: DriveFile[] = [];
    let token = input.pageToken;
    do {
      // Drive may answer short or empty pages before the end: keep following the token.
      const page = await listFiles(client, { q: clauses.join(' and '), pageSize: Math.min(100, input.limit), pageToken: token, orderBy: 'modifiedTime desc' }, signal);
      files.push(...page.files);
      token = page.nextPageToken;
    } while (token && files.length < input.limit);
    return { files: files.slice(0, input.limit).map(fileOut), ...(token ? { nextPageToken: token } : {}) };
  },
});

export const getFileTool = googleTool({
  name: 'google_get_file',
  title: 'Get a Drive file’s details',
  description: 'Reads a file’s metadata: name, type, size, folder, owner, whether it is shared, its link.',
  input: z.object({ fileId }),
  output: fileSchema,
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async ({ fileId: id }, { client, signal }) => fileOut(await getFile(client, id, signal)),
});

export const readFileTool = googleTool({
  name: 'google_read_file',
  title: 'Read a Drive file’s text',
  description:
    'Returns a file’s text: Google Docs and Slides exported as plain text, Sheets as CSV (first sheet), text files (txt, csv, json, md, html…) downloaded up to 10 MB. Other formats (PDF, images, Office) are reported as not readable as text.',
  input: z.object({ fileId, maxChars }),
  output: z.object({ name: z.string(), mimeType: z.string(), exportedAs: z.string().optional(), textAvailable: z.boolean(), untrustedText: untrustedText('The file content').optional(), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  handler: async ({ fileId: id, maxChars: max }, { client, signal }) => {
    const file = await getFile(client, id, signal);
    const mimeType = file.mimeType ?? 'application/octet-stream';
    const exportAs = EXPORTS[mimeType];
    if (!exportAs && !TEXT.test(mimeType)) return { name: file.name ?? '', mimeType, textAvailable: false, truncated: false };
    const bytes = exportAs ? await exportFile(client, id, exportAs, client.maxDownloadBytes, signal) : await downloadFile(client, id, client.maxDownloadBytes, signal);
    const text = mimeType.includes('html') ? htmlToText(bytes.toString('utf8')) : bytes.toString('utf8');
    const clipped = clip(text, max);
    return { name: file.name ?? '', mimeType, ...(exportAs ? { exportedAs: exportAs } : {}), textAvailable: true, untrustedText: clipped.text, truncated: clipped.truncated };
  },
});

export const createFolderTool = googleTool({
  name: 'google_create_folder',
  title: 'Create a Drive folder',
  description: 'Creates a folder in My Drive or inside another folder.',
  input: z.object({ name: z.string().min(1).max(255).describe('Folder name'), parentId: z.string().optional().describe('Folder to create it in (default My Drive)') }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => fileOut(await createFolder(client, input.name, input.parentId, signal)),
});

export const uploadTextFileTool = googleTool({
  name: 'google_upload_text_file',
  title: 'Upload a text file to Drive',
  description: 'Creates a file from text (notes, CSV, Markdown, JSON). With convertToDoc the text becomes a Google Doc (or a Google Sheet for CSV).',
  input: z.object({
    name: z.string().min(1).max(255).describe('File name, e.g. notes.md'),
    content: z.string().max(5_000_000).describe('The text'),
    mimeType: z.enum(['text/plain', 'text/csv', 'text/markdown', 'application/json', 'text/html']).default('text/plain').describe('Type of the text (default text/plain)'),
    parentId: z.string().optional().describe('Folder to put it in (default My Drive)'),
    convertToDoc: z.boolean().default(false).describe('Convert to a Google Doc (a Google Sheet for CSV)'),
  }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  handler: async (input, { client, signal }) => {
    const converted = input.convertToDoc ? (input.mimeType === 'text/csv' ? 'application/vnd.google-apps.spreadsheet' : 'application/vnd.google-apps.document') : undefined;
    const metadata = { name: input.name, ...(converted ? { mimeType: converted } : {}), ...(input.parentId ? { parents: [input.parentId] } : {}) };
    return fileOut(await uploadFile(client, metadata, input.content, `${input.mimeType}; charset=UTF-8`, signal));
  },
});

export const moveFileTool = googleTool({
  name: 'google_move_file',
  title: 'Move a Drive file',
  description: 'Moves a file or folder into another folder (it leaves its current folders).',
  input: z.object({ fileId, folderId: z.string().min(1).describe('Destination folder id') }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    const file = await getFile(client, input.fileId, signal, 'organize');
    const remove = (file.parents ?? []).filter((parent) => parent !== input.folderId).join(',');
    return fileOut(await updateFile(client, input.fileId, {}, { addParents: input.folderId, ...(remove ? { removeParents: remove } : {}) }, 'organize', signal));
  },
});

export const renameFileTool = googleTool({
  name: 'google_rename_file',
  title: 'Rename a Drive file',
  description: 'Gives a file or folder a new name.',
  input: z.object({ fileId, name: z.string().min(1).max(255).describe('New name') }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  handler: async (input, { client, signal }) => fileOut(await updateFile(client, input.fileId, { name: input.name }, {}, 'organize', signal)),
});

export const trashFileTool = googleTool({
  name: 'google_trash_file',
  title: 'Move a Drive file to Trash',
  description: 'Moves a file or folder to the Drive trash (restorable for 30 days).',
  input: z.object({ fileId }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async ({ fileId: id }, { client, signal }) => fileOut(await updateFile(client, id, { trashed: true }, {}, 'delete', signal)),
});

export const shareFileTool = googleTool({
  name: 'google_share_file',
  title: 'Share a Drive file with a person',
  description: 'Gives a person access to a file or folder (reader, commenter or writer), by default with Google’s notification email. The address must be in the allowed list when one is configured.',
  input: z.object({
    fileId,
    email: emailAddress.describe('The person’s email address'),
    role: z.enum(['reader', 'commenter', 'writer']).default('reader').describe('Access to give (default reader)'),
    notify: z.boolean().default(true).describe('Send Google’s sharing email (default true)'),
    message: z.string().max(2000).optional().describe('Note for the sharing email'),
  }),
  output: z.object({ permissionId: z.string(), email: z.string(), role: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async (input, { client, signal }) => {
    client.assertRecipientsAllowed([input.email], 'share files with');
    const permission = await createPermission(client, input.fileId, { type: 'user', role: input.role, emailAddress: input.email }, { sendNotificationEmail: input.notify, ...(input.message && input.notify ? { emailMessage: input.message } : {}) }, signal);
    return { permissionId: permission.id, email: input.email, role: permission.role ?? input.role };
  },
});

export const makeFilePrivateTool = googleTool({
  name: 'google_make_file_private',
  title: 'Make a Drive file private',
  description: 'Removes every access to a file except its owner’s: people, groups, the domain and anyone-with-the-link.',
  input: z.object({ fileId }),
  output: z.object({ removed: z.array(z.object({ type: z.string(), role: z.string(), who: z.string() })) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  handler: async ({ fileId: id }, { client, signal }) => {
    const removable = (await listPermissions(client, id, signal)).filter((permission) => permission.role !== 'owner');
    for (const permission of removable) await deletePermission(client, id, permission.id, signal);
    return { removed: removable.map((permission) => ({ type: permission.type, role: permission.role, who: permission.emailAddress ?? permission.domain ?? permission.type })) };
  },
});

export const driveTools = [searchFilesTool, getFileTool, readFileTool, createFolderTool, uploadTextFileTool, moveFileTool, renameFileTool, trashFileTool, shareFileTool, makeFilePrivateTool];

function fileOut(file: DriveFile): z.input<typeof fileSchema> {
  if (!file.id) throw new ValidationError('Drive answered without a file id', [], { platform: PLATFORM });
  return {
    fileId: file.id,
    name: file.name ?? '',
    mimeType: file.mimeType ?? '',
    ...(file.modifiedTime ? { modifiedTime: file.modifiedTime } : {}),
    ...(file.size !== undefined ? { size: Number(file.size) } : {}),
    parents: file.parents ?? [],
    ...(file.owners?.[0]?.emailAddress ? { owner: file.owners[0].emailAddress } : {}),
    ...(file.shared !== undefined ? { shared: file.shared } : {}),
    ...(file.trashed ? { trashed: true } : {}),
    ...(file.webViewLink ? { webViewLink: file.webViewLink } : {}),
    ...(file.driveId ? { sharedDriveId: file.driveId } : {}),
    ...(file.description ? { untrustedDescription: file.description } : {}),
  };
}
