import {
  startFakeServer,
  type FakeFailure,
  type FakeRequest,
  type FakeResponse,
  type FakeServer,
} from '@enterprise-mcp/core/testing';

export interface GodaddyFakeItem {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface GodaddyFakeState {
  items: GodaddyFakeItem[];
}

export interface GodaddyFakeOptions {
  /** The credential the fake accepts (default `fake-godaddy-key`). */
  apiKey?: string;
  /** Initial state; defaults to DEFAULT_GODADDY_SEED. */
  seed?: Partial<GodaddyFakeState>;
}

/** A loopback GoDaddy API with state, a request log and failure knobs. */
export interface GodaddyFake {
  /** Base URL to give the client (`baseUrl`). */
  url: string;
  apiKey: string;
  requests: FakeRequest[];
  /** Replaces the state. */
  seed(state: Partial<GodaddyFakeState>): void;
  /** A copy of the current state. */
  inspect(): GodaddyFakeState;
  failNext(failure: FakeFailure): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export const DEFAULT_GODADDY_SEED: GodaddyFakeState = {
  items: [
    { id: 'item_1', name: 'First item', description: 'Seeded by the fake', createdAt: '2026-01-05T10:00:00.000Z' },
    { id: 'item_2', name: 'Second item', description: '', createdAt: '2026-01-06T10:00:00.000Z' },
    { id: 'item_3', name: 'Third item', description: 'Another seeded item', createdAt: '2026-01-07T10:00:00.000Z' },
  ],
};

const MAX_PAGE = 100;

export async function startGodaddyFake(options: GodaddyFakeOptions = {}): Promise<GodaddyFake> {
  const credential = options.apiKey ?? 'fake-godaddy-key';
  let state = freshState(options.seed);
  let nextId = state.items.length + 1;
  const server: FakeServer = await startFakeServer({
    basePath: '',
    before: (request) => authorize(request, credential),
    notFound: (request) => errorResponse(404, 'not_found', `No route for ${request.method} ${request.path}`),
    routes: [
      { method: 'GET', path: '/items', handler: (request) => listItems(state, request) },
      {
        method: 'POST',
        path: '/items',
        handler: (request) => createItem(state, request, () => `item_${nextId++}`),
      },
    ],
  });
  return {
    url: server.url,
    apiKey: credential,
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

function freshState(seed: Partial<GodaddyFakeState> = {}): GodaddyFakeState {
  return structuredClone({ ...DEFAULT_GODADDY_SEED, ...seed });
}

function authorize(request: FakeRequest, credential: string): FakeResponse | undefined {
  const header = request.headers.authorization;
  if (!header) return errorResponse(401, 'unauthorized', 'Authorization header is missing');
  if (header !== `Bearer ${credential}`) return errorResponse(401, 'unauthorized', 'Invalid credentials');
  return undefined;
}

function listItems(state: GodaddyFakeState, request: FakeRequest): FakeResponse {
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
  const more = start + limit < state.items.length;
  return { body: { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null } };
}

function createItem(state: GodaddyFakeState, request: FakeRequest, newId: () => string): FakeResponse {
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
  const item: GodaddyFakeItem = {
    id: newId(),
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    createdAt: new Date().toISOString(),
  };
  state.items.push(item);
  return { status: 201, body: item };
}

/** The platform's error shape; keep it in step with the client's error mapper. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  fields?: Array<{ path: string; message: string }>,
): FakeResponse {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}
