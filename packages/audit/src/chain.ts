import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audited columns of a `tool_executions` row, as they are hashed. A column
 * added later joins this list; rows where it is null hash as before, because
 * null fields are left out of the canonical form.
 */
export interface ChainContent {
  id: string;
  timestamp: Date;
  tenantId: string;
  apiKeyId?: string | null;
  userId?: string | null;
  oauthClientId?: string | null;
  requestId?: string | null;
  sessionId?: string | null;
  clientName?: string | null;
  clientVersion?: string | null;
  ecosystem: string;
  toolName: string;
  arguments?: unknown;
  status: string;
  errorCode?: string | null;
  errorMessage?: string | null;
  durationMs: number;
  resultSize?: number | null;
  cached?: boolean | null;
  traceparent?: string | null;
  upstreamRequestIds?: string[] | null;
}

export interface ChainLink {
  seq: number;
  /** The previous row's hash; null for a chain's first row. */
  prev: string | null;
}

/** Bumped if the canonical form ever changes; part of every hash. */
export const CHAIN_VERSION = 'emcp-audit-chain/v1';

const FIELDS = [
  'id', 'tenantId', 'apiKeyId', 'userId', 'oauthClientId', 'requestId', 'sessionId', 'clientName', 'clientVersion',
  'ecosystem', 'toolName', 'arguments', 'status', 'errorCode', 'errorMessage', 'durationMs', 'resultSize', 'cached',
  'traceparent', 'upstreamRequestIds',
] as const satisfies readonly (keyof ChainContent)[];

/**
 * The canonical JSON of a row (RFC 8785, JCS): every audited column by its
 * camelCase name, null ones left out, `timestamp` as ISO 8601 UTC with
 * milliseconds (the column's precision), `arguments` as stored JSON, plus
 * `seq`, `prev` and `v`. Keys are sorted, so JSON key order and the database
 * (PostgreSQL, PGlite) do not matter.
 */
export function canonicalRow(row: ChainContent, link: ChainLink): string {
  const content: Record<string, unknown> = { v: CHAIN_VERSION, seq: link.seq, timestamp: new Date(row.timestamp).toISOString() };
  if (link.prev !== null) content['prev'] = link.prev;
  // Left out rather than deleted afterwards: deleting turns the object into a slow dictionary, once per audited call.
  for (const field of FIELDS) if (row[field] !== null && row[field] !== undefined) content[field] = row[field];
  return canonicalize(content)!;
}

/** Hex SHA-256 of the canonical JSON (UTF-8): the row's `chain_hash`. */
export function chainHash(row: ChainContent, link: ChainLink): string {
  return hash('sha256', canonicalRow(row, link), 'hex');
}
