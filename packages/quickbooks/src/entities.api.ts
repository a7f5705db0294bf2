import type { z } from 'zod';
import type { QuickBooksClient } from './client.js';
import type { entityOutput } from './schemas.js';
import { countStatement, selectStatement, type QueryParts } from './query.js';

/** The entities this package reads and writes, with their path segment (URIs are case-sensitive). */
export const ENTITY_PATHS = {
  Account: 'account',
  Bill: 'bill',
  CompanyInfo: 'companyinfo',
  Customer: 'customer',
  Estimate: 'estimate',
  Invoice: 'invoice',
  Item: 'item',
  Payment: 'payment',
  SalesReceipt: 'salesreceipt',
  Vendor: 'vendor',
} as const;

export type EntityName = keyof typeof ENTITY_PATHS;

/** A JSON value, as QuickBooks' entities are made of. */
export type Json = z.core.util.JSONType;

/** An entity as QuickBooks sends it: `Id` and `SyncToken` (a string that grows with every write), and its fields. */
export type QuickBooksEntity = z.output<typeof entityOutput>;

export interface QueryPage<T = QuickBooksEntity> {
  entity: string;
  rows: T[];
  /** 1-based position of the first row. */
  startPosition: number;
  maxResults: number;
  /** For `COUNT(*)` statements. */
  totalCount?: number;
}

/** `GET /{entity}/{id}`: the entity, unwrapped from `{"Invoice": {…}, "time"}`. */
export async function readEntity<T extends QuickBooksEntity = QuickBooksEntity>(
  client: QuickBooksClient,
  entity: EntityName,
  id: string,
  options: { signal?: AbortSignal; query?: Record<string, string> } = {},
): Promise<T> {
  const { body } = await client.request<Record<string, T>>({
    path: `/${ENTITY_PATHS[entity]}/{id}`,
    params: { id },
    query: options.query,
    signal: options.signal,
    retryable: true,
  });
  return body[entity]!;
}

/** `POST /{entity}?requestid=…`: creates it; a retried create is answered with the first result. */
export async function createEntity<T extends QuickBooksEntity = QuickBooksEntity>(
  client: QuickBooksClient,
  entity: EntityName,
  fields: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const { body } = await client.create<Record<string, T>>({ path: `/${ENTITY_PATHS[entity]}`, json: fields, signal });
  return body[entity]!;
}

/**
 * A sparse update: reads the current SyncToken, then `POST /{entity}?operation=update` with
 * `sparse: true`, so only the given fields change (a full update would clear the others). A
 * change by someone else in between is QuickBooks' 5010, a ConflictError telling to read again.
 */
export async function updateEntity<T extends QuickBooksEntity = QuickBooksEntity>(
  client: QuickBooksClient,
  entity: EntityName,
  id: string,
  changes: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const current = await readEntity(client, entity, id, { signal });
  return writeOperation<T>(client, entity, 'update', { ...changes, Id: current.Id, SyncToken: current.SyncToken, sparse: true }, signal);
}

/** `POST /{entity}?operation=delete` with the current SyncToken (transactions only; name lists are deactivated). */
export async function deleteEntity(client: QuickBooksClient, entity: EntityName, id: string, signal?: AbortSignal): Promise<QuickBooksEntity> {
  const current = await readEntity(client, entity, id, { signal });
  return writeOperation(client, entity, 'delete', { Id: current.Id, SyncToken: current.SyncToken }, signal);
}

/**
 * Voids a transaction: its amounts become zero and it stays on the books. Invoices take
 * `?operation=void`; a payment is voided by a sparse update with `include=void`.
 */
export async function voidEntity<T extends QuickBooksEntity = QuickBooksEntity>(
  client: QuickBooksClient,
  entity: 'Invoice' | 'Payment' | 'SalesReceipt',
  id: string,
  signal?: AbortSignal,
): Promise<T> {
  const current = await readEntity(client, entity, id, { signal });
  if (entity === 'Payment') {
    return writeOperation<T>(client, entity, 'update', { Id: current.Id, SyncToken: current.SyncToken, sparse: true }, signal, { include: 'void' });
  }
  return writeOperation<T>(client, entity, 'void', { Id: current.Id, SyncToken: current.SyncToken }, signal);
}

async function writeOperation<T>(
  client: QuickBooksClient,
  entity: EntityName,
  operation: 'update' | 'delete' | 'void',
  json: Record<string, unknown>,
  signal?: AbortSignal,
  query: Record<string, string> = {},
): Promise<T> {
  const { body } = await client.request<Record<string, T>>({
    method: 'POST',
    path: `/${ENTITY_PATHS[entity]}`,
    query: { operation, ...query },
    json,
    signal,
  });
  return body[entity]!;
}

/** `POST /{invoice|estimate}/{id}/send[?sendTo=]`: emails it; QuickBooks answers with the updated entity. */
export async function sendEntity<T extends QuickBooksEntity = QuickBooksEntity>(
  client: QuickBooksClient,
  entity: 'Invoice' | 'Estimate',
  id: string,
  sendTo?: string,
  signal?: AbortSignal,
): Promise<T> {
  const { body } = await client.request<Record<string, T>>({
    method: 'POST',
    path: `/${ENTITY_PATHS[entity]}/{id}/send`,
    params: { id },
    query: { sendTo },
    signal,
  });
  return body[entity]!;
}

interface QueryResponseBody {
  QueryResponse: { startPosition?: number; maxResults?: number; totalCount?: number } & Record<string, unknown>;
}

/** `GET /query?query=…`: one page. An empty result is `{"QueryResponse":{}}`, with no entity key at all. */
export async function runQuery<T = QuickBooksEntity>(client: QuickBooksClient, statement: string, entity: string, signal?: AbortSignal): Promise<QueryPage<T>> {
  const { body } = await client.request<QueryResponseBody>({ path: '/query', query: { query: statement }, signal, retryable: true });
  const response = body.QueryResponse ?? {};
  const rows = Array.isArray(response[entity]) ? (response[entity] as T[]) : [];
  return {
    entity,
    rows,
    startPosition: response.startPosition ?? 1,
    maxResults: response.maxResults ?? rows.length,
    ...(response.totalCount !== undefined ? { totalCount: response.totalCount } : {}),
  };
}

/** One page of `SELECT * FROM <entity> …`. */
export function queryEntities<T = QuickBooksEntity>(client: QuickBooksClient, parts: QueryParts, signal?: AbortSignal): Promise<QueryPage<T>> {
  return runQuery<T>(client, selectStatement(parts), parts.entity, signal);
}

/** `SELECT COUNT(*) FROM <entity> …`. */
export async function countEntities(client: QuickBooksClient, entity: EntityName, where: QueryParts['where'], signal?: AbortSignal): Promise<number> {
  const page = await runQuery(client, countStatement(entity, where), entity, signal);
  return page.totalCount ?? 0;
}
