import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import { apiRoute, type FakeContext } from './context.js';
import { badRequest, bodyOf, googleError, newId, noContent, ok, page, unimplementedKind } from './respond.js';
import type { GoogleFakeState, StoredFile } from './state.js';

const FOLDER = 'application/vnd.google-apps.folder';
const DOC = 'application/vnd.google-apps.document';
const SHEET = 'application/vnd.google-apps.spreadsheet';
const SLIDES = 'application/vnd.google-apps.presentation';
const EXPORT_LIMIT = 10 * 1024 * 1024;

/** Drive v3 files and permissions, Sheets v4 values and Docs v1, over one set of files. */
export function fileRoutes(ctx: FakeContext): FakeRoute[] {
  const visible = (file: StoredFile | undefined, user: string): file is StoredFile =>
    Boolean(file) && (file!.owner === user || file!.permissions.some((p) => p.emailAddress === user || p.type === 'anyone' || (p.type === 'domain' && user.endsWith(`@${p.domain}`))));
  const canWrite = (file: StoredFile, user: string) => file.owner === user || file.permissions.some((p) => p.emailAddress === user && (p.role === 'writer' || p.role === 'owner'));
  const fileOf = (request: FakeRequest, user: string, param = 'fileId') => {
    const file = ctx.state.files.get(request.params[param] === 'root' ? `root-${user}` : request.params[param]!);
    return visible(file, user) ? file : undefined;
  };
  const fileNotFound = (request: FakeRequest, param = 'fileId') => googleError(404, `File not found: ${request.params[param]}.`, { reason: 'notFound', location: 'fileId' });

  return [
    apiRoute(ctx, 'drive.about.get', (request, user) => (request.query.get('fields') ? ok(select({ kind: 'drive#about', user: { kind: 'drive#user', emailAddress: user, displayName: nameOf(ctx.state, user) } }, request.query.get('fields')!)) : googleError(400, "The 'fields' parameter is required for this method.", { reason: 'required', location: 'fields' }))),
    apiRoute(ctx, 'drive.files.list', (request, user) => {
      const filter = parseQuery(request.query.get('q') ?? '', user);
      if (!filter) return googleError(400, 'Invalid Value', { reason: 'invalid', location: 'q' });
      const files = [...ctx.state.files.values()].filter((file) => !file.id.startsWith('root-') && visible(file, user) && filter(file)).sort((a, b) => b.modifiedTime - a.modifiedTime);
      const result = page(files, request.query.get('pageToken'), Number(request.query.get('pageSize') ?? 100), ctx.shortPages);
      if (!result) return badRequest('Invalid Value', 'pageToken');
      const body = { kind: 'drive#fileList', incompleteSearch: false, files: result.items.map((file) => render(file)), ...(result.next ? { nextPageToken: result.next } : {}) };
      return ok(select(body, request.query.get('fields') ?? 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)'));
    }),
    apiRoute(ctx, 'drive.files.get', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      if (request.query.get('alt') === 'media') {
        if (file.mimeType.startsWith('application/vnd.google-apps.')) return googleError(403, 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', { reason: 'fileNotDownloadable', location: 'alt' });
        return { status: 200, headers: { 'content-type': file.mimeType }, body: file.content ?? '' };
      }
      return ok(select(render(file), request.query.get('fields') ?? 'kind,id,name,mimeType'));
    }),
    apiRoute(ctx, 'drive.files.export', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      const text = exportText(ctx.state, file, request.query.get('mimeType')!);
      if (text === undefined) return badRequest('The requested conversion is not supported.', 'convertTo');
      if (Buffer.byteLength(text) > EXPORT_LIMIT) return googleError(403, 'This file is too large to be exported.', { reason: 'exportSizeLimitExceeded' });
      return { status: 200, headers: { 'content-type': request.query.get('mimeType')! }, body: text };
    }),
    apiRoute(ctx, 'drive.files.create', (request, user) => createFile(ctx, user, bodyOf(request), undefined, request)),
    uploadRoute(ctx),
    apiRoute(ctx, 'drive.files.update', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      if (!canWrite(file, user)) return googleError(403, 'The user does not have sufficient permissions for this file.', { reason: 'insufficientFilePermissions' });
      const body = bodyOf(request);
      if (typeof body['name'] === 'string') file.name = body['name'];
      if (typeof body['trashed'] === 'boolean') file.trashed = body['trashed'];
      const add = request.query.get('addParents')?.split(',').filter(Boolean) ?? [];
      const remove = request.query.get('removeParents')?.split(',').filter(Boolean) ?? [];
      for (const parent of add) if (!ctx.state.files.get(parent === 'root' ? `root-${user}` : parent)) return googleError(404, `File not found: ${parent}.`, { reason: 'notFound', location: 'addParents' });
      file.parents = [...new Set([...file.parents.filter((parent) => !remove.includes(parent)), ...add])];
      if (file.parents.length > 1) return googleError(403, 'Increasing the number of parents is not allowed', { reason: 'cannotAddParent' });
      file.modifiedTime = ctx.now();
      return ok(select(render(file), request.query.get('fields') ?? 'kind,id,name,mimeType'));
    }),
    apiRoute(ctx, 'drive.permissions.list', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      return ok(select({ kind: 'drive#permissionList', permissions: file.permissions.map((p) => ({ kind: 'drive#permission', ...p })) }, request.query.get('fields') ?? 'kind,permissions(kind,id,type,role)'));
    }),
    apiRoute(ctx, 'drive.permissions.create', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      if (!canWrite(file, user)) return googleError(403, 'The user does not have sufficient permissions for this file.', { reason: 'insufficientFilePermissions' });
      const body = bodyOf(request) as { type?: string; role?: string; emailAddress?: string; domain?: string };
      if (!['reader', 'commenter', 'writer', 'fileOrganizer', 'organizer', 'owner'].includes(body.role ?? '')) return badRequest('The permission role field is required.', 'permission.role');
      if (!['user', 'group', 'domain', 'anyone'].includes(body.type ?? '')) return badRequest('The permission type field is required.', 'permission.type');
      if ((body.type === 'user' || body.type === 'group') && !body.emailAddress) return badRequest('The permission emailAddress field is required.', 'permission.emailAddress');
      const permission = { id: body.type === 'anyone' ? 'anyoneWithLink' : newId(20), type: body.type!, role: body.role!, ...(body.emailAddress ? { emailAddress: body.emailAddress } : {}), ...(body.domain ? { domain: body.domain } : {}) } as StoredFile['permissions'][number];
      file.permissions.push(permission);
      return ok({ kind: 'drive#permission', id: permission.id, type: permission.type, role: permission.role });
    }),
    apiRoute(ctx, 'drive.permissions.delete', (request, user) => {
      const file = fileOf(request, user);
      if (!file) return fileNotFound(request);
      const index = file.permissions.findIndex((p) => p.id === request.params['permissionId']);
      if (index < 0) return googleError(404, `Permission not found: ${request.params['permissionId']}.`, { reason: 'notFound' });
      if (file.permissions[index]!.role === 'owner') return googleError(403, 'The owner of a file cannot be removed.', { reason: 'cannotRemoveOwner' });
      file.permissions.splice(index, 1);
      return noContent();
    }),
    ...sheetRoutes(ctx, fileOf),
    ...docRoutes(ctx, fileOf),
  ];
}

/** The multipart upload on the method's upload path: its metadata part is checked against the File schema like a JSON body, with the method's scopes. */
function uploadRoute(ctx: FakeContext): FakeRoute {
  const contents = new WeakMap<FakeRequest, string>();
  const create = apiRoute(ctx, 'drive.files.create', (request, user) => createFile(ctx, user, bodyOf(request), contents.get(request) ?? '', request), { upload: true });
  return {
    ...create,
    handler: (request) => {
      // Google also takes uploadType=media (content only); the fake implements multipart. Other values fail validation.
      if (request.query.get('uploadType') === 'media') return badRequest('The fake takes multipart uploads only (uploadType=multipart)', 'uploadType');
      const parts = multipart(request);
      if (!parts) return badRequest('Bad content type. Please use multipart.');
      const inner = ctx.derive(request, { ...request, body: parts.metadata });
      contents.set(inner, parts.content);
      return create.handler(inner);
    },
  };
}

function nameOf(state: GoogleFakeState, email: string): string {
  return state.users.find((user) => user.email === email)?.name ?? email;
}

function createFile(ctx: FakeContext, user: string, metadata: Record<string, unknown>, content: string | undefined, request: FakeRequest): FakeResponse {
  const parents = (metadata['parents'] as string[] | undefined)?.map((parent) => (parent === 'root' ? `root-${user}` : parent)) ?? [`root-${user}`];
  if (parents.some((parent) => !ctx.state.files.has(parent))) return googleError(404, `File not found: ${parents.find((parent) => !ctx.state.files.has(parent))}.`, { reason: 'notFound', location: 'parents' });
  const mimeType = String(metadata['mimeType'] ?? (content === undefined ? 'application/octet-stream' : 'text/plain'));
  const file = addFile(ctx.state, { name: String(metadata['name'] ?? 'Untitled'), mimeType, parents, owner: user, content }, ctx.now());
  if (mimeType === SHEET) ctx.state.sheets.set(file.id, [{ sheetId: 0, title: 'Sheet1', cells: parseCsv(content ?? '') }]);
  if (mimeType === DOC) ctx.state.docs.set(file.id, (content ?? '').split('\n').map((text) => ({ style: 'NORMAL_TEXT', text })));
  if (mimeType === SHEET || mimeType === DOC) delete file.content;
  return ok(select(render(file), request.query.get('fields') ?? 'kind,id,name,mimeType'));
}

export function addFile(state: GoogleFakeState, file: Omit<StoredFile, 'id' | 'createdTime' | 'modifiedTime' | 'permissions' | 'trashed'> & { id?: string; permissions?: StoredFile['permissions'] }, now: number): StoredFile {
  const stored: StoredFile = { id: file.id ?? `1${newId(32)}`, createdTime: now, modifiedTime: now, trashed: false, ...file, permissions: [{ id: `owner-${file.owner}`, type: 'user', role: 'owner', emailAddress: file.owner }, ...(file.permissions ?? [])] };
  state.files.set(stored.id, stored);
  return stored;
}

function render(file: StoredFile): Record<string, unknown> {
  const kind = file.mimeType === SHEET ? 'spreadsheets' : file.mimeType === DOC ? 'document' : file.mimeType === FOLDER ? 'drive/folders' : 'file';
  return {
    kind: 'drive#file',
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: file.parents,
    trashed: file.trashed,
    createdTime: new Date(file.createdTime).toISOString(),
    modifiedTime: new Date(file.modifiedTime).toISOString(),
    ...(file.content !== undefined ? { size: String(Buffer.byteLength(file.content)) } : {}),
    owners: [{ kind: 'drive#user', emailAddress: file.owner }],
    shared: file.permissions.length > 1,
    webViewLink: kind === 'file' ? `https://drive.google.com/file/d/${file.id}/view` : `https://docs.google.com/${kind}/d/${file.id}/edit`,
    ...(file.description ? { description: file.description } : {}),
  };
}

/** Drive's partial response: `fields=nextPageToken,files(id,name)`; nested parentheses select inside arrays and objects. */
export function select(value: unknown, fields: string): unknown {
  if (fields === '*') return value;
  const tree = parseFields(fields);
  const pick = (node: unknown, wanted: Map<string, unknown>): unknown => {
    if (Array.isArray(node)) return node.map((item) => pick(item, wanted));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, sub] of wanted) {
      const child = (node as Record<string, unknown>)[key];
      if (child === undefined) continue;
      out[key] = sub instanceof Map && sub.size ? pick(child, sub) : child;
    }
    return out;
  };
  return pick(value, tree);
}

function parseFields(fields: string): Map<string, unknown> {
  const root = new Map<string, unknown>();
  const stack = [root];
  let name = '';
  const flush = () => {
    if (name.trim()) stack.at(-1)!.set(name.trim(), new Map());
    name = '';
  };
  for (const char of fields) {
    if (char === ',') flush();
    else if (char === '(') {
      const map = new Map<string, unknown>();
      stack.at(-1)!.set(name.trim(), map);
      stack.push(map);
      name = '';
    } else if (char === ')') {
      flush();
      stack.pop();
    } else name += char;
  }
  flush();
  return root;
}

/** Drive's query language, the subset the fake understands; undefined for what it does not (Drive answers 400 Invalid Value). */
export function parseQuery(q: string, user: string): ((file: StoredFile) => boolean) | undefined {
  const source = q.trim().replace(/^\((.*)\)$/, '$1');
  if (!source) return () => true;
  const clauses = splitTop(source, ' and ');
  const tests = clauses.map((clause) => clauseTest(clause.trim().replace(/^\((.*)\)$/, '$1').trim(), user));
  if (tests.some((test) => !test)) return undefined;
  return (file) => tests.every((test) => test!(file));
}

function splitTop(source: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    else if (!quoted && depth === 0 && source.startsWith(separator, i)) {
      parts.push(source.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

function clauseTest(clause: string, user: string): ((file: StoredFile) => boolean) | undefined {
  const ors = splitTop(clause, ' or ');
  if (ors.length > 1) {
    const tests = ors.map((part) => clauseTest(part.trim().replace(/^\((.*)\)$/, '$1').trim(), user));
    return tests.every(Boolean) ? (file) => tests.some((test) => test!(file)) : undefined;
  }
  if (clause.startsWith('not ')) {
    const inner = clauseTest(clause.slice(4).trim(), user);
    return inner && ((file) => !inner(file));
  }
  const literal = String.raw`'((?:\\.|[^'\\])*)'`;
  const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
  let match = new RegExp(`^(name|fullText|mimeType)\\s+(contains|=|!=)\\s+${literal}$`).exec(clause);
  if (match) {
    const [, field, op, raw] = match;
    const value = unescape(raw!);
    const get = (file: StoredFile) => (field === 'name' ? file.name : field === 'mimeType' ? file.mimeType : `${file.name} ${file.content ?? ''}`);
    if (op === 'contains') return (file) => get(file).toLowerCase().includes(value.toLowerCase());
    return op === '=' ? (file) => get(file) === value : (file) => get(file) !== value;
  }
  match = new RegExp(`^${literal}\\s+in\\s+(parents|owners|writers|readers)$`).exec(clause);
  if (match) {
    const value = unescape(match[1]!);
    const target = value === 'root' ? `root-${user}` : value;
    if (match[2] === 'parents') return (file) => file.parents.includes(target);
    if (match[2] === 'owners') return (file) => file.owner === value;
    return (file) => file.permissions.some((p) => p.emailAddress === value);
  }
  match = /^(trashed|starred)\s*(=|!=)\s*(true|false)$/.exec(clause);
  if (match) {
    const wanted = (match[3] === 'true') === (match[2] === '=');
    return (file) => (match![1] === 'trashed' ? file.trashed : false) === wanted;
  }
  match = new RegExp(`^(modifiedTime|createdTime)\\s*(>|>=|<|<=|=)\\s*${literal}$`).exec(clause);
  if (match) {
    const at = Date.parse(match[3]!);
    if (Number.isNaN(at)) return undefined;
    const [, field, op] = match;
    return (file) => {
      const time = field === 'modifiedTime' ? file.modifiedTime : file.createdTime;
      return op === '>' ? time > at : op === '>=' ? time >= at : op === '<' ? time < at : op === '<=' ? time <= at : time === at;
    };
  }
  if (clause === 'sharedWithMe') return (file) => file.owner !== user;
  return undefined;
}

function multipart(request: FakeRequest): { metadata: Record<string, unknown>; content: string } | undefined {
  const boundary = /boundary=("?)([^";]+)\1/.exec(String(request.headers['content-type'] ?? ''))?.[2];
  if (!boundary || typeof request.body !== 'string') return undefined;
  const parts = request.body.split(`--${boundary}`).slice(1, -1).map((part) => part.replace(/^\r\n/, '').replace(/\r\n$/, ''));
  if (parts.length !== 2) return undefined;
  const bodyOfPart = (part: string) => part.slice(part.indexOf('\r\n\r\n') + 4);
  try {
    return { metadata: JSON.parse(bodyOfPart(parts[0]!)) as Record<string, unknown>, content: bodyOfPart(parts[1]!) };
  } catch {
    return undefined;
  }
}

function exportText(state: GoogleFakeState, file: StoredFile, mimeType: string): string | undefined {
  if (file.mimeType === DOC && mimeType === 'text/plain') return (state.docs.get(file.id) ?? []).map((paragraph) => paragraph.text).join('\n');
  if (file.mimeType === SHEET && mimeType === 'text/csv') return (state.sheets.get(file.id)?.[0]?.cells ?? []).map((row) => row.map((cell) => csvCell(display(cell))).join(',')).join('\n');
  if (file.mimeType === SLIDES && mimeType === 'text/plain') return file.content ?? '';
  return undefined;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function parseCsv(text: string): Cell[][] {
  return text ? text.split(/\r?\n/).filter(Boolean).map((line) => line.split(',').map((cell) => enter(cell))) : [];
}

// ---- Sheets ----

export type Cell = string | number | boolean | { formula: string };

function enter(text: unknown, raw = false): Cell {
  if (typeof text !== 'string' || raw) return typeof text === 'number' || typeof text === 'boolean' ? text : String(text ?? '');
  if (text.startsWith('=')) return { formula: text };
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (/^(true|false)$/i.test(text.trim())) return text.trim().toUpperCase() === 'TRUE';
  return text;
}

function display(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'object') return cell.formula;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

interface Range {
  sheet: string;
  startRow: number;
  startCol: number;
  endRow?: number;
  endCol?: number;
}

/** A1 notation: `Sheet1!A1:C3`, `'My Sheet'!A:C`, `A1` (first sheet), `Sheet1`. An unquoted name with spaces does not parse. */
function parseRange(text: string, sheets: Array<{ title: string }>): Range | undefined {
  const match = /^(?:(?:'((?:[^']|'')+)'|([^'!:\s]+))!)?([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$/.exec(text);
  const wholeSheet = sheets.find((sheet) => sheet.title === text.replace(/^'(.*)'$/, '$1').replace(/''/g, "'"));
  if (wholeSheet && (!match || !/\d/.test(text))) return { sheet: wholeSheet.title, startRow: 0, startCol: 0 };
  if (!match) return undefined;
  const sheet = match[1]?.replace(/''/g, "'") ?? match[2] ?? sheets[0]?.title;
  if (!sheet || !sheets.some((candidate) => candidate.title === sheet)) return undefined;
  const col = (letters: string | undefined) => (letters ? [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1 : undefined);
  const startCol = col(match[3]) ?? 0;
  const startRow = match[4] ? Number(match[4]) - 1 : 0;
  const single = match[5] === undefined && match[6] === undefined && match[3] && match[4];
  return { sheet, startRow, startCol, endRow: single ? startRow : match[6] ? Number(match[6]) - 1 : undefined, endCol: single ? startCol : col(match[5]) };
}

function a1Of(range: Range, rows: number, cols: number): string {
  const letters = (n: number) => { let s = ''; for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s; return s; };
  const name = /^[A-Za-z0-9_]+$/.test(range.sheet) ? range.sheet : `'${range.sheet.replace(/'/g, "''")}'`;
  return `${name}!${letters(range.startCol)}${range.startRow + 1}:${letters(range.startCol + Math.max(cols, 1) - 1)}${range.startRow + Math.max(rows, 1)}`;
}

function sheetRoutes(ctx: FakeContext, fileOf: (request: FakeRequest, user: string, param?: string) => StoredFile | undefined): FakeRoute[] {
  const spreadsheet = (request: FakeRequest, user: string) => {
    const file = fileOf(request, user, 'spreadsheetId');
    return file && file.mimeType === SHEET ? ctx.state.sheets.get(file.id) : undefined;
  };
  const missing = () => googleError(404, 'Requested entity was not found.');
  const unparsable = (range: string) => googleError(400, `Unable to parse range: ${range}`, { reason: 'badRequest' });
  const evaluate = (sheets: SheetData[], cell: Cell): string | number | boolean => {
    if (typeof cell !== 'object') return cell;
    const sum = /^=SUM\(([A-Z]+\d+:[A-Z]+\d+)\)$/i.exec(cell.formula);
    if (!sum) return '#NAME?';
    const range = parseRange(sum[1]!.toUpperCase(), sheets)!;
    const cells = sheets[0]!.cells.slice(range.startRow, (range.endRow ?? range.startRow) + 1).flatMap((row) => row.slice(range.startCol, (range.endCol ?? range.startCol) + 1));
    return cells.reduce<number>((total, value) => total + (typeof value === 'number' ? value : 0), 0);
  };
  const write = (sheet: SheetData, range: Range, values: unknown[][], raw: boolean) => {
    values.forEach((row, r) => {
      const target = (sheet.cells[range.startRow + r] ??= []);
      row.forEach((value, c) => (target[range.startCol + c] = enter(value, raw)));
    });
  };
  const inputOption = (request: FakeRequest) => {
    const option = request.query.get('valueInputOption');
    if (!option || option === 'INPUT_VALUE_OPTION_UNSPECIFIED') return googleError(400, "'valueInputOption' is required but not specified", { reason: 'badRequest' });
    return option;
  };
  const rowsOf = (request: FakeRequest) => (bodyOf(request)['values'] as unknown[][] | undefined) ?? [];

  return [
    apiRoute(ctx, 'sheets.spreadsheets.values.get', (request, user) => {
      const sheets = spreadsheet(request, user);
      if (!sheets) return missing();
      const range = parseRange(request.params['range']!, sheets);
      if (!range) return unparsable(request.params['range']!);
      const sheet = sheets.find((candidate) => candidate.title === range.sheet)!;
      const render = request.query.get('valueRenderOption') ?? 'FORMATTED_VALUE';
      const rows = sheet.cells
        .slice(range.startRow, range.endRow === undefined ? undefined : range.endRow + 1)
        .map((row) => row.slice(range.startCol, range.endCol === undefined ? undefined : range.endCol + 1).map((cell) => (render === 'FORMULA' ? (typeof cell === 'object' ? cell.formula : cell ?? '') : render === 'FORMATTED_VALUE' ? display(typeof cell === 'object' ? (evaluate(sheets, cell) as Cell) : cell) : typeof cell === 'object' ? evaluate(sheets, cell) : cell ?? '')))
        .map((row) => trimEnd(row));
      const values = trimEnd(rows, (row) => row.length === 0);
      const width = Math.max(0, ...values.map((row) => row.length));
      return ok({ range: a1Of(range, range.endRow !== undefined ? range.endRow - range.startRow + 1 : Math.max(values.length, 1), range.endCol !== undefined ? range.endCol - range.startCol + 1 : Math.max(width, 1)), majorDimension: 'ROWS', ...(values.length ? { values } : {}) });
    }),
    apiRoute(ctx, 'sheets.spreadsheets.values.update', (request, user) => {
      const sheets = spreadsheet(request, user);
      if (!sheets) return missing();
      const option = inputOption(request);
      if (typeof option !== 'string') return option;
      const range = parseRange(request.params['range']!, sheets);
      if (!range) return unparsable(request.params['range']!);
      const values = rowsOf(request);
      write(sheets.find((sheet) => sheet.title === range.sheet)!, range, values, option === 'RAW');
      const cols = Math.max(0, ...values.map((row) => row.length));
      return ok({ spreadsheetId: request.params['spreadsheetId'], updatedRange: a1Of(range, values.length, cols), updatedRows: values.length, updatedColumns: cols, updatedCells: values.reduce((n, row) => n + row.length, 0) });
    }),
    apiRoute(ctx, 'sheets.spreadsheets.values.append', (request, user) => {
      const sheets = spreadsheet(request, user);
      if (!sheets) return missing();
      const option = inputOption(request);
      if (typeof option !== 'string') return option;
      const range = parseRange(request.params['range']!, sheets);
      if (!range) return unparsable(request.params['range']!);
      const sheet = sheets.find((candidate) => candidate.title === range.sheet)!;
      const table = trimEnd(sheet.cells, (row) => !row || row.every((cell) => cell === undefined || cell === ''));
      const at: Range = { sheet: sheet.title, startRow: table.length, startCol: range.startCol };
      const values = rowsOf(request);
      write(sheet, at, values, option === 'RAW');
      const cols = Math.max(0, ...values.map((row) => row.length));
      return ok({ spreadsheetId: request.params['spreadsheetId'], ...(table.length ? { tableRange: a1Of({ ...at, startRow: 0 }, table.length, cols) } : {}), updates: { spreadsheetId: request.params['spreadsheetId'], updatedRange: a1Of(at, values.length, cols), updatedRows: values.length, updatedColumns: cols, updatedCells: values.reduce((n, row) => n + row.length, 0) } });
    }),
    apiRoute(ctx, 'sheets.spreadsheets.create', (request, user) => {
      const body = bodyOf(request) as { properties?: { title?: string }; sheets?: Array<{ properties?: { title?: string } }> };
      const file = addFile(ctx.state, { name: body.properties?.title ?? 'Untitled spreadsheet', mimeType: SHEET, parents: [`root-${user}`], owner: user }, ctx.now());
      const titles = body.sheets?.map((sheet) => sheet.properties?.title ?? 'Sheet1') ?? ['Sheet1'];
      ctx.state.sheets.set(file.id, titles.map((title, index) => ({ sheetId: index === 0 ? 0 : 100000 + index, title, cells: [] })));
      return ok(spreadsheetOut(file, ctx.state.sheets.get(file.id)!));
    }),
    apiRoute(ctx, 'sheets.spreadsheets.get', (request, user) => {
      const sheets = spreadsheet(request, user);
      return sheets ? ok(spreadsheetOut(ctx.state.files.get(request.params['spreadsheetId']!)!, sheets)) : missing();
    }),
    apiRoute(ctx, 'sheets.spreadsheets.batchUpdate', (request, user) => {
      const sheets = spreadsheet(request, user);
      if (!sheets) return missing();
      const requests = (bodyOf(request)['requests'] as Array<Record<string, Record<string, unknown>>> | undefined) ?? [];
      // Atomic: every request is checked against a copy before any is applied.
      const draft = sheets.map((sheet) => ({ ...sheet }));
      const replies: unknown[] = [];
      for (const [index, item] of requests.entries()) {
        if (item['addSheet']) {
          const title = String((item['addSheet']['properties'] as { title?: string } | undefined)?.title ?? `Sheet${draft.length + 1}`);
          if (draft.some((sheet) => sheet.title === title)) return badRequest(`Invalid requests[${index}].addSheet: A sheet with the name "${title}" already exists. Please enter another name.`);
          const added = { sheetId: Math.floor(Math.random() * 2e9), title, cells: [] };
          draft.push(added);
          replies.push({ addSheet: { properties: { sheetId: added.sheetId, title, index: draft.length - 1, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } } });
        } else if (item['deleteSheet']) {
          const position = draft.findIndex((sheet) => sheet.sheetId === item['deleteSheet']!['sheetId']);
          if (position < 0) return badRequest(`Invalid requests[${index}].deleteSheet: No sheet with id: ${String(item['deleteSheet']['sheetId'])}`);
          if (draft.length === 1) return badRequest(`Invalid requests[${index}].deleteSheet: You can't remove all the sheets in a document.`);
          draft.splice(position, 1);
          replies.push({});
        } else return unimplementedKind(index, item, ['addSheet', 'deleteSheet']);
      }
      sheets.splice(0, sheets.length, ...draft);
      return ok({ spreadsheetId: request.params['spreadsheetId'], replies });
    }),
  ];
}

export interface SheetData {
  sheetId: number;
  title: string;
  cells: Cell[][];
}

function spreadsheetOut(file: StoredFile, sheets: SheetData[]): Record<string, unknown> {
  return {
    spreadsheetId: file.id,
    properties: { title: file.name, locale: 'en_US', timeZone: 'Etc/GMT', autoRecalc: 'ON_CHANGE' },
    sheets: sheets.map((sheet, index) => ({ properties: { sheetId: sheet.sheetId, title: sheet.title, index, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${file.id}/edit`,
  };
}

function trimEnd<T>(items: T[], empty: (item: T) => boolean = (item) => item === '' || item === undefined): T[] {
  let end = items.length;
  while (end > 0 && empty(items[end - 1]!)) end--;
  return items.slice(0, end);
}

// ---- Docs ----

export interface Paragraph {
  style: string;
  text: string;
}

function docRoutes(ctx: FakeContext, fileOf: (request: FakeRequest, user: string, param?: string) => StoredFile | undefined): FakeRoute[] {
  const documentOf = (request: FakeRequest, user: string) => {
    const file = fileOf(request, user, 'documentId');
    return file && file.mimeType === DOC ? { file, paragraphs: ctx.state.docs.get(file.id)! } : undefined;
  };
  const missing = () => googleError(404, 'Requested entity was not found.');
  return [
    apiRoute(ctx, 'docs.documents.get', (request, user) => {
      const found = documentOf(request, user);
      return found ? ok(documentOut(found.file, found.paragraphs)) : missing();
    }),
    apiRoute(ctx, 'docs.documents.create', (request, user) => {
      const file = addFile(ctx.state, { name: String(bodyOf(request)['title'] ?? 'Untitled document'), mimeType: DOC, parents: [`root-${user}`], owner: user }, ctx.now());
      ctx.state.docs.set(file.id, [{ style: 'NORMAL_TEXT', text: '' }]);
      return ok(documentOut(file, ctx.state.docs.get(file.id)!));
    }),
    apiRoute(ctx, 'docs.documents.batchUpdate', (request, user) => {
      const found = documentOf(request, user);
      if (!found) return missing();
      let text = found.paragraphs.map((paragraph) => paragraph.text).join('\n');
      const styles = found.paragraphs.map((paragraph) => paragraph.style);
      const replies: unknown[] = [];
      const requests = (bodyOf(request)['requests'] as Array<Record<string, Record<string, unknown>>> | undefined) ?? [];
      for (const [index, item] of requests.entries()) {
        if (item['insertText']) {
          const insert = item['insertText'] as { text?: string; location?: { index?: number }; endOfSegmentLocation?: object };
          // Document indexes start at 1 and the final newline is index `end`: insertion must be before it.
          const end = text.length + 1;
          const at = insert.endOfSegmentLocation ? end : (insert.location?.index ?? 1);
          if (at < 1 || at > end) return badRequest(`Invalid requests[${index}].insertText: Index ${at} must be less than the end index of the referenced segment, ${end + 1}.`);
          text = text.slice(0, at - 1) + (insert.text ?? '') + text.slice(at - 1);
          replies.push({});
        } else if (item['replaceAllText']) {
          const replace = item['replaceAllText'] as { containsText?: { text?: string; matchCase?: boolean }; replaceText?: string };
          const find = replace.containsText?.text ?? '';
          if (!find) return badRequest(`Invalid requests[${index}].replaceAllText: containsText must not be empty.`);
          const pattern = new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), replace.containsText?.matchCase === false ? 'gi' : 'g');
          const occurrences = (text.match(pattern) ?? []).length;
          text = text.replace(pattern, () => replace.replaceText ?? '');
          replies.push({ replaceAllText: { occurrencesChanged: occurrences } });
        } else return unimplementedKind(index, item, ['insertText', 'replaceAllText']);
      }
      ctx.state.docs.set(found.file.id, text.split('\n').map((line, i) => ({ style: styles[i] ?? 'NORMAL_TEXT', text: line })));
      found.file.modifiedTime = ctx.now();
      return ok({ documentId: found.file.id, replies, writeControl: { requiredRevisionId: newId(20) } });
    }),
  ];
}

function documentOut(file: StoredFile, paragraphs: Paragraph[]): Record<string, unknown> {
  let index = 1;
  const content: unknown[] = [{ endIndex: 1, sectionBreak: { sectionStyle: { columnSeparatorStyle: 'NONE' } } }];
  for (const paragraph of paragraphs) {
    const run = `${paragraph.text}\n`;
    content.push({ startIndex: index, endIndex: index + run.length, paragraph: { elements: [{ startIndex: index, endIndex: index + run.length, textRun: { content: run, textStyle: {} } }], paragraphStyle: { namedStyleType: paragraph.style, direction: 'LEFT_TO_RIGHT' } } });
    index += run.length;
  }
  return { documentId: file.id, title: file.name, body: { content }, revisionId: newId(20) };
}
