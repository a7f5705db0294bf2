import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import {
  createTenant,
  deleteTenantCredentials,
  getTenantCredentials,
  parseCredentialKey,
  parseCredentialKeyring,
  rotateTenantCredentials,
  setTenantCredentials,
  type Tenant,
} from './index.js';

let t: TestDatabase;
let acme: Tenant;
let globex: Tenant;
const oldKey = parseCredentialKey(randomBytes(32).toString('base64'));
const newKey = parseCredentialKey(randomBytes(32).toString('base64'));
const config = { apiToken: 'cf-token-very-secret', accountId: 'acc_1' };

beforeAll(async () => {
  t = await openTestDatabase();
  acme = await createTenant(t.db.prisma, { slug: 'acme', name: 'Acme' });
  globex = await createTenant(t.db.prisma, { slug: 'globex', name: 'Globex' });
});
afterAll(() => t.cleanup());

describe('tenant credentials', () => {
  it('round-trips a configuration encrypted with AES-256-GCM, never stored in the clear', async () => {
    await setTenantCredentials(t.db.prisma, acme.id, 'cloudflare', config, oldKey);
    expect(await getTenantCredentials(t.db.prisma, acme.id, 'cloudflare', oldKey)).toEqual(config);
    const row = await t.db.prisma.tenantCredential.findUniqueOrThrow({ where: { tenantId_ecosystem: { tenantId: acme.id, ecosystem: 'cloudflare' } } });
    expect(row.keyId).toBe(oldKey.id);
    expect(row.iv).toHaveLength(12);
    expect(row.authTag).toHaveLength(16);
    expect(Buffer.from(row.ciphertext).toString('utf8')).not.toContain('cf-token');
    expect(await getTenantCredentials(t.db.prisma, acme.id, 'ghl', oldKey)).toBeUndefined();
  });

  it('fails to decrypt a tampered or transplanted ciphertext', async () => {
    const row = await t.db.prisma.tenantCredential.findUniqueOrThrow({ where: { tenantId_ecosystem: { tenantId: acme.id, ecosystem: 'cloudflare' } } });
    const { id: _id, tenantId: _tenant, createdAt: _c, updatedAt: _u, ...sealed } = row;
    await t.db.prisma.tenantCredential.create({ data: { ...sealed, id: 'transplanted', tenantId: globex.id } });
    await expect(getTenantCredentials(t.db.prisma, globex.id, 'cloudflare', oldKey)).rejects.toThrow(/unable to authenticate/);
    const flipped = Buffer.from(row.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    await t.db.prisma.tenantCredential.update({ where: { id: 'transplanted' }, data: { ciphertext: flipped } });
    await expect(getTenantCredentials(t.db.prisma, globex.id, 'cloudflare', oldKey)).rejects.toThrow(/unable to authenticate/);
    expect(await deleteTenantCredentials(t.db.prisma, globex.id, 'cloudflare')).toBe(true);
  });

  it('rotates keys: a keyring reads old rows, rotation re-encrypts them, a missing key is named', async () => {
    await expect(getTenantCredentials(t.db.prisma, acme.id, 'cloudflare', newKey)).rejects.toThrow(ConfigurationError);
    await expect(getTenantCredentials(t.db.prisma, acme.id, 'cloudflare', newKey)).rejects.toThrow(`does not include key ${oldKey.id}`);
    expect(await getTenantCredentials(t.db.prisma, acme.id, 'cloudflare', [newKey, oldKey])).toEqual(config);
    expect(await rotateTenantCredentials(t.db.prisma, [newKey, oldKey])).toBe(1);
    expect(await getTenantCredentials(t.db.prisma, acme.id, 'cloudflare', newKey)).toEqual(config);
  });

  it('validates CREDENTIALS_ENCRYPTION_KEY, naming the variable and the fix, without echoing it', () => {
    expect(() => parseCredentialKey('c2hvcnQ=')).toThrow(/CREDENTIALS_ENCRYPTION_KEY must be 32 random bytes in base64/);
    expect(() => parseCredentialKey(undefined)).toThrow(ConfigurationError);
    expect(oldKey.id).toMatch(/^k_[0-9a-f]{12}$/);
    expect(parseCredentialKey(Buffer.from(oldKey.key).toString('base64')).id).toBe(oldKey.id);
  });

  it('reads a rotation keyring: the current key first, then CREDENTIALS_ENCRYPTION_KEY_PREVIOUS, each named when bad', () => {
    const ring = parseCredentialKeyring(Buffer.from(newKey.key).toString('base64'), ` ${Buffer.from(oldKey.key).toString('base64')} ,`);
    expect(ring.map((key) => key.id)).toEqual([newKey.id, oldKey.id]);
    expect(parseCredentialKeyring(Buffer.from(newKey.key).toString('base64'))).toHaveLength(1);
    expect(() => parseCredentialKeyring(Buffer.from(newKey.key).toString('base64'), 'c2hvcnQ=')).toThrow(/CREDENTIALS_ENCRYPTION_KEY_PREVIOUS must be 32 random bytes/);
  });
});
