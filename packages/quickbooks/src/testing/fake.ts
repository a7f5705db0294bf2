import { refreshingToken, type TokenProvider } from '@enterprise-mcp/core';
import {
  startFakeServer,
  type FakeFailure,
  type FakeRequest,
  type FakeResponse,
  type ModeInput,
  type RunningFake,
} from '@enterprise-mcp/core/testing';
import type { QuickbooksModes } from '../ecosystem.js';
import type { QuickbooksItem } from '../items.api.js';

export interface QuickbooksFakeState {
  items: QuickbooksItem[];
}

export interface QuickbooksFakeOptions {
  /** Initial state; defaults to DEFAULT_QUICKBOOKS_SEED. */
  seed?: Partial<QuickbooksFakeState>;
}

/** A loopback QuickBooks Online API: the contract's running fake, with state, a request log and failure knobs. */
export interface QuickbooksFake extends RunningFake<QuickbooksModes> {
  /** The config that points the real client at this fake, for every auth mode. */
  configs: { oauth: ModeInput<QuickbooksModes, 'oauth'> };
  /** Access tokens the fake accepts, as the server's vault would hand them out; refreshes after a 401. */
  token: TokenProvider;
  /** Every access token handed out so far, oldest first. */
  issuedTokens: string[];
  /** Expires every token handed out so far: the fake answers 401 to them, so the next call refreshes once. */
  expireTokens(): void;
  /** Every request received, oldest first. */
  requests: FakeRequest[];
  /** Replaces the state. */
  seed(state: Partial<QuickbooksFakeState>): void;
  /** A copy of the current state. */
  inspect(): QuickbooksFakeState;
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
}

export const DEFAULT_QUICKBOOKS_SEED: QuickbooksFakeState = {
  items: [
    { id: 'item_1', name: 'First item', description: 'Seeded by the fake', createdAt: '2026-01-05T10:00:00.000Z' },
    { id: 'item_2', name: 'Second item', description: '', createdAt: '2026-01-06T10:00:00.000Z' },
    { id: 'item_3', name: 'Third item', description: 'Another seeded item', createdAt: '2026-01-07T10:00:00.000Z' },
  ],
};

const FAKE_CLIENT = { clientId: 'fake-quickbooks-client', clientSecret: 'fake-quickbooks-secret' };
const MAX_PAGE = 100;

type TokenCheck = 'valid' | 'expired' | 'invalid';

/** Starts the fake, seeded (demo mode uses it as is). */
export async function startFake(options: QuickbooksFakeOptions = {}): Promise<QuickbooksFake> {
  let state = freshState(options.seed);
  let nextId = state.items.length + 1;
  const tokens = tokenIssuer();
  const server = await startFakeServer({
    basePath: '',
    before: (request) => authorize(request, tokens.check),
    notFound: (request) => errorResponse(404, 'not_found', `No route for ${request.method} ${request.path}`),
    routes: [
      { method: 'GET', path: '/items', handler: (request) => listItems(state, request) },
      { method: 'GET', path: '/items/:id', handler: (request) => getItem(state, request) },
      { method: 'POST', path: '/items', handler: (request) => createItem(state, request, () => `item_${nextId++}`) },
    ],
  });
  return {
    url: server.url,
    configs: { oauth: { ...FAKE_CLIENT, baseUrl: server.url } },
    token: tokens.provider,
    issuedTokens: tokens.issued,
    expireTokens: tokens.expire,
    requests: server.requests,
    seed: (seed) => {
      state = freshState(seed);
      nextId = state.items.length + 1;
    },
    inspect: () => structuredClone(state),
    failNext: server.failNext,
    setLatency: server.setLatency,
    close: server.close,
  };
}

function freshState(seed: Partial<QuickbooksFakeState> = {}): QuickbooksFakeState {
  return structuredClone({ ...DEFAULT_QUICKBOOKS_SEED, ...seed });
}

/** Access tokens as the platform's token endpoint would issue them, each new one on a refresh. */
function tokenIssuer() {
  const issued: string[] = [];
  const expired = new Set<string>();
  const provider = refreshingToken(async () => {
    const value = `fake-quickbooks-access-${issued.length + 1}`;
    issued.push(value);
    return { value };
  });
  const check = (token: string): TokenCheck => {
    if (expired.has(token)) return 'expired';
    return issued.includes(token) ? 'valid' : 'invalid';
  };
  return { provider, issued, check, expire: () => issued.forEach((token) => expired.add(token)) };
}

function authorize(request: FakeRequest, check: (token: string) => TokenCheck): FakeResponse | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return errorResponse(401, 'unauthorized', 'Authorization header is missing');
  const verdict = check(header.slice('Bearer '.length));
  if (verdict === 'expired') return errorResponse(401, 'token_expired', 'The access token has expired');
  if (verdict === 'invalid') return errorResponse(401, 'unauthorized', 'Invalid credentials');
  return undefined;
}

function listItems(state: QuickbooksFakeState, request: FakeRequest): FakeResponse {
  const limit = Number(request.query.get('limit') ?? 25);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    return errorResponse(422, 'validation_failed', 'Invalid query', [
      { path: 'limit', message: `must be an integer from 1 to ${MAX_PAGE}` },
    ]);
  }
  const cursor = request.query.get('cursor');
  const start = cursor ? state.items.findIndex((item) => item.id === cursor) + 1 : 0;
  if (cursor && start === 0) {
    return errorResponse(422, 'validation_failed', 'Invalid query', [{ path: 'cursor', message: 'unknown cursor' }]);
  }
  const items = state.items.slice(start, start + limit);
  const last = items.at(-1);
  const more = start + limit < state.items.length;
  return { body: { items, nextCursor: more && last ? last.id : null } };
}

function getItem(state: QuickbooksFakeState, request: FakeRequest): FakeResponse {
  const item = state.items.find((candidate) => candidate.id === request.params.id);
  return item ? { body: item } : errorResponse(404, 'not_found', `No item with id ${request.params.id}`);
}

function createItem(state: QuickbooksFakeState, request: FakeRequest, newId: () => string): FakeResponse {
  const body = (request.body ?? {}) as { name?: unknown; description?: unknown };
  const fields = [];
  if (typeof body.name !== 'string' || body.name.trim() === '') fields.push({ path: 'name', message: 'is required' });
  if (body.description !== undefined && typeof body.description !== 'string') {
    fields.push({ path: 'description', message: 'must be a string' });
  }
  if (fields.length > 0) return errorResponse(422, 'validation_failed', 'Invalid item', fields);
  if (state.items.some((item) => item.name === body.name)) {
    return errorResponse(409, 'duplicate_name', `An item named "${String(body.name)}" already exists`);
  }
  const item: QuickbooksItem = {
    id: newId(),
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    createdAt: new Date().toISOString(),
  };
  state.items.push(item);
  return { status: 201, body: item };
}

/** The platform's error shape; keep it in step with the client's error mapper (errors.ts). */
function errorResponse(
  status: number,
  code: string,
  message: string,
  fields?: Array<{ path: string; message: string }>,
): FakeResponse {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}
