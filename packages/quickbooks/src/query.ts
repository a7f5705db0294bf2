import { ValidationError } from '@enterprise-mcp/core';
import { PLATFORM } from './errors.js';

/**
 * The QuickBooks query language, as far as it goes: `SELECT * | count(*) FROM <Entity> [WHERE p op v
 * [AND …]] [ORDERBY p [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]`, with `= < > <= >= IN LIKE`, no
 * OR, no GROUP BY, no joins, no projections; STARTPOSITION counts from 1 and a page holds at most 1000.
 */
export const MAX_RESULTS = 1000;

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN';
export type Literal = string | number | boolean;

export interface Condition {
  field: string;
  op: Operator;
  value: Literal | Literal[];
}

export interface QueryParts {
  entity: string;
  where?: Condition[];
  orderBy?: { field: string; descending?: boolean };
  startPosition?: number;
  maxResults?: number;
}

/** A literal as the language writes it: strings in single quotes with `\'` for an apostrophe. */
export function literal(value: Literal): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(value);
}

/** `%text%` for LIKE, with the text's own `%` left as is (the language has no escape for it). */
export function containing(text: string): string {
  return `%${text}%`;
}

export function selectStatement(parts: QueryParts): string {
  return [`SELECT * FROM ${parts.entity}`, whereClause(parts.where), orderClause(parts.orderBy), pageClause(parts)].filter(Boolean).join(' ');
}

export function countStatement(entity: string, where: Condition[] = []): string {
  return [`SELECT COUNT(*) FROM ${entity}`, whereClause(where)].filter(Boolean).join(' ');
}

function whereClause(where: Condition[] = []): string {
  if (!where.length) return '';
  return `WHERE ${where.map(condition).join(' AND ')}`;
}

function condition({ field, op, value }: Condition): string {
  if (op === 'IN') return `${field} IN (${(Array.isArray(value) ? value : [value]).map(literal).join(', ')})`;
  if (Array.isArray(value)) throw new TypeError(`QuickBooks query: ${op} takes one value (${field})`);
  return `${field} ${op} ${literal(value)}`;
}

function orderClause(orderBy: QueryParts['orderBy']): string {
  return orderBy ? `ORDERBY ${orderBy.field} ${orderBy.descending ? 'DESC' : 'ASC'}` : '';
}

function pageClause({ startPosition, maxResults }: QueryParts): string {
  return [startPosition ? `STARTPOSITION ${startPosition}` : '', maxResults ? `MAXRESULTS ${maxResults}` : ''].filter(Boolean).join(' ');
}

/** The entity a statement reads (`FROM Invoice`), and whether it counts. */
export function describeStatement(statement: string): { entity: string; count: boolean } {
  const match = /^\s*select\s+(\*|count\(\s*\*\s*\))\s+from\s+([A-Za-z]+)\b/i.exec(statement);
  if (!match) {
    throw new ValidationError('Not a QuickBooks query', [{ path: 'query', message: 'must start with SELECT * FROM <Entity> or SELECT COUNT(*) FROM <Entity>' }], {
      platform: PLATFORM,
      hint: 'QuickBooks queries select every field of one entity: SELECT * FROM Invoice WHERE Balance > \'0\'',
    });
  }
  return { entity: match[2]!, count: match[1] !== '*' };
}

/** Paging belongs to the tool's arguments, so the answer can say where the next page starts. */
export function withoutPaging(statement: string): string {
  if (/\b(STARTPOSITION|MAXRESULTS)\b/i.test(statement)) {
    throw new ValidationError('Paging goes in the arguments, not the statement', [{ path: 'query', message: 'remove STARTPOSITION and MAXRESULTS' }], {
      platform: PLATFORM,
      hint: 'pass startPosition and maxResults as arguments',
    });
  }
  return statement.trim().replace(/;$/, '');
}
