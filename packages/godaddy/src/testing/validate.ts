import { isIP } from 'node:net';
import type { GoDaddyErrorField } from './errors.js';

const HOST = /^([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

const problem = (path: string, code: string, message: string): GoDaddyErrorField => ({ path, code, message });

/**
 * The record rules GoDaddy enforces beyond its published schema (which the fake checks first, in
 * spec.ts: types, required `type`/`name`/`data`, the type enum, port range): the value must fit the
 * type, TTLs start at 600 seconds, and MX and SRV records need a priority. `type` is given for
 * PUT .../{type} bodies, which omit it.
 */
export function recordProblems(record: unknown, path: string, type?: string): GoDaddyErrorField[] {
  const r = record as Record<string, unknown>;
  const problems: GoDaddyErrorField[] = [];
  const recordType = String(type ?? r.type);
  if (r.data === '') problems.push(problem(`${path}.data`, 'MISSING_REQUIRED', 'is required'));
  else problems.push(...dataProblems(recordType, String(r.data), `${path}.data`));
  if (r.ttl !== undefined && (r.ttl as number) < 600) {
    problems.push(problem(`${path}.ttl`, 'MISMATCH_MINIMUM', 'must be an integer of at least 600'));
  }
  if ((recordType === 'MX' || recordType === 'SRV') && r.priority === undefined) {
    problems.push(problem(`${path}.priority`, 'MISSING_REQUIRED', `is required for ${recordType} records`));
  }
  return problems;
}

function dataProblems(type: string, data: string, path: string): GoDaddyErrorField[] {
  if (type === 'A' && isIP(data) !== 4) return [problem(path, 'MISMATCH_FORMAT', 'must be an IPv4 address')];
  if (type === 'AAAA' && isIP(data) !== 6) return [problem(path, 'MISMATCH_FORMAT', 'must be an IPv6 address')];
  if (['CNAME', 'MX', 'NS'].includes(type) && data !== '@' && !HOST.test(data)) {
    return [problem(path, 'MISMATCH_FORMAT', 'must be a host name')];
  }
  return [];
}

export function isHostName(value: unknown): value is string {
  return typeof value === 'string' && value.includes('.') && HOST.test(value);
}
