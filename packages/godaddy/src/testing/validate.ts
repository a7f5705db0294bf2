import { isIP } from 'node:net';
import { DNS_RECORD_TYPES } from '../client.js';
import type { GoDaddyErrorField } from './errors.js';

const HOST = /^([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

const problem = (path: string, code: string, message: string): GoDaddyErrorField => ({ path, code, message });

/** Checks one record like the Domains API does; `type` is given for PUT .../{type}/{name} bodies, which omit it. */
export function recordProblems(record: unknown, path: string, type?: string): GoDaddyErrorField[] {
  if (!record || typeof record !== 'object') return [problem(path, 'MISMATCH_TYPE', 'must be an object')];
  const r = record as Record<string, unknown>;
  const problems: GoDaddyErrorField[] = [];
  const recordType = type ?? r.type;
  if (type === undefined) {
    if (!DNS_RECORD_TYPES.includes(r.type as never)) {
      problems.push(problem(`${path}.type`, 'MISMATCH_ENUM', `must be one of ${DNS_RECORD_TYPES.join(', ')}`));
    }
    if (typeof r.name !== 'string' || r.name === '') problems.push(problem(`${path}.name`, 'MISSING_REQUIRED', 'is required'));
  }
  if (typeof r.data !== 'string' || r.data === '') {
    problems.push(problem(`${path}.data`, 'MISSING_REQUIRED', 'is required'));
  } else {
    problems.push(...dataProblems(String(recordType), r.data, `${path}.data`));
  }
  if (r.ttl !== undefined && (!Number.isInteger(r.ttl) || (r.ttl as number) < 600)) {
    problems.push(problem(`${path}.ttl`, 'MISMATCH_MINIMUM', 'must be an integer of at least 600'));
  }
  if ((recordType === 'MX' || recordType === 'SRV') && !Number.isInteger(r.priority)) {
    problems.push(problem(`${path}.priority`, 'MISSING_REQUIRED', `is required for ${String(recordType)} records`));
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
