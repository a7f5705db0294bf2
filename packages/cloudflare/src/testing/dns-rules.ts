import { isIPv4, isIPv6 } from 'node:net';
import type { DnsRecord, DnsRecordInput } from '../types.js';
import { CloudflareFakeError, dnsValidation } from './envelope.js';

/** Record types the fake accepts with plain `content`. */
export const FAKE_RECORD_TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'PTR']);
const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);
const HOSTNAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Cloudflare stores names fully qualified: `www` and `@` become `www.example.com` and `example.com`. */
export function qualifyName(name: string, zoneName: string): string {
  const trimmed = name.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed === '@' || trimmed === '') return zoneName;
  if (trimmed === zoneName || trimmed.endsWith(`.${zoneName}`)) return trimmed;
  return `${trimmed}.${zoneName}`;
}

/** Validates a full record the way the API does and returns its stored form. */
export function checkRecord(input: Partial<DnsRecordInput>, zoneName: string): Required<Pick<DnsRecordInput, 'type' | 'name' | 'content' | 'ttl' | 'proxied'>> & DnsRecordInput {
  const type = String(input.type ?? '').toUpperCase();
  if (!FAKE_RECORD_TYPES.has(type)) dnsValidation(9101, `Unsupported or invalid DNS record type '${input.type ?? ''}'.`);
  if (typeof input.name !== 'string') dnsValidation(9000, 'DNS name is invalid.');
  const name = qualifyName(input.name, zoneName);
  if (!HOSTNAME.test(name)) dnsValidation(9000, 'DNS name is invalid.');
  const content = typeof input.content === 'string' ? input.content.trim() : '';
  checkContent(type, content);
  const ttl = input.ttl ?? 1;
  if (!Number.isInteger(ttl) || (ttl !== 1 && (ttl < 60 || ttl > 86400))) {
    dnsValidation(9021, 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.');
  }
  const proxied = input.proxied ?? false;
  if (proxied && !PROXIABLE.has(type)) dnsValidation(9004, `This record type cannot be proxied.`);
  if (type === 'MX' && (input.priority === undefined || !Number.isInteger(input.priority) || input.priority < 0 || input.priority > 65535)) {
    dnsValidation(9100, 'MX records require a priority between 0 and 65535.');
  }
  return { ...input, type, name, content: type === 'CNAME' || type === 'MX' || type === 'NS' ? content.replace(/\.$/, '').toLowerCase() : content, ttl, proxied };
}

function checkContent(type: string, content: string): void {
  if (!content) dnsValidation(9002, 'DNS record content is required.');
  if (type === 'A' && !isIPv4(content)) dnsValidation(9005, 'Content for A record must be a valid IPv4 address.');
  if (type === 'AAAA' && !isIPv6(content)) dnsValidation(9006, 'Content for AAAA record must be a valid IPv6 address.');
  if ((type === 'CNAME' || type === 'MX' || type === 'NS') && !HOSTNAME.test(content.replace(/\.$/, ''))) {
    dnsValidation(9007, `Content for ${type} record is invalid.`);
  }
  if (type === 'TXT' && content.length > 2048) dnsValidation(9008, 'TXT content must be at most 2048 characters.');
}

/** The name and type clashes Cloudflare refuses, with its codes. */
export function checkClashes(candidate: Pick<DnsRecord, 'type' | 'name' | 'content'>, others: DnsRecord[], isUpdate: boolean): void {
  const sameName = others.filter((r) => r.name === candidate.name);
  if (sameName.some((r) => r.type === candidate.type && r.content.toLowerCase() === candidate.content.toLowerCase())) {
    throw new CloudflareFakeError(400, [
      isUpdate
        ? { code: 81058, message: 'An identical record already exists.' }
        : { code: 81057, message: 'Record already exists.' },
    ]);
  }
  const addressLike = (type: string) => type === 'A' || type === 'AAAA' || type === 'CNAME';
  if (candidate.type === 'CNAME' && sameName.length > 0) {
    throw new CloudflareFakeError(400, [{ code: 81053, message: 'An A, AAAA, or CNAME record with that host already exists.' }]);
  }
  if (addressLike(candidate.type) && sameName.some((r) => r.type === 'CNAME')) {
    throw new CloudflareFakeError(400, [{ code: 81054, message: 'A CNAME record with that host already exists.' }]);
  }
}

export function isProxiable(type: string): boolean {
  return PROXIABLE.has(type);
}
