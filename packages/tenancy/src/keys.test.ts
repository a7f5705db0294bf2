import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { createApiKey, createKeyVerifier, createTenant, listApiKeys, revokeApiKey, tenantSettingsSchema } from './index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await createTenant(t.db.prisma, { slug: 'acme', name: 'Acme' });
  await createTenant(t.db.prisma, { slug: 'globex', name: 'Globex' });
});
afterAll(() => t.cleanup());

describe('API keys', () => {
  it('creates emcp_<prefix>_<256-bit secret> keys and stores only their SHA-256', async () => {
    const { key, record } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'claude-desktop', tools: ['cloudflare_*'], readOnly: true });
    expect(key).toMatch(/^emcp_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(key.startsWith(`emcp_${record.prefix}_`)).toBe(true);
    expect(record).toMatchObject({ name: 'claude-desktop', tools: ['cloudflare_*'], ecosystems: [], readOnly: true, masked: `emcp_${record.prefix}_…` });
    expect(JSON.stringify(record)).not.toContain(key.slice(18));

    const row = await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.secretHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(18));

    const second = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'ci' });
    expect(second.key).not.toBe(key);
    expect(second.record.prefix).not.toBe(record.prefix);
  });

  it('lists keys per tenant, and revokes by id or prefix, keeping the first revocation time', async () => {
    const { record } = await createApiKey(t.db.prisma, { tenantId: 'globex', name: 'ops', ecosystems: ['ghl'] });
    expect((await listApiKeys(t.db.prisma, { tenantId: 'globex' })).map((k) => k.name)).toEqual(['ops']);
    const revoked = await revokeApiKey(t.db.prisma, record.prefix);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await revokeApiKey(t.db.prisma, record.id)).revokedAt).toEqual(revoked.revokedAt);
    expect(await listApiKeys(t.db.prisma, { tenantId: 'globex', includeRevoked: false })).toEqual([]);
    expect((await listApiKeys(t.db.prisma)).length).toBe(3);
  });

  it('rejects bad input naming the field, and unknown tenants or keys by name', async () => {
    await expect(createApiKey(t.db.prisma, { tenantId: 'acme', name: ' ' })).rejects.toThrow(/name: a name is required/);
    await expect(createApiKey(t.db.prisma, { tenantId: 'acme', name: 'x', tools: ['Bad Tool!'] })).rejects.toThrow(ValidationError);
    await expect(createApiKey(t.db.prisma, { tenantId: 'acme', name: 'x', expiresAt: new Date(Date.now() - 1000) })).rejects.toThrow(
      /expiresAt: must be in the future/,
    );
    await expect(createApiKey(t.db.prisma, { tenantId: 'initech', name: 'x' })).rejects.toThrow(NotFoundError);
    await expect(revokeApiKey(t.db.prisma, 'deadbeef0000')).rejects.toThrow(/No API key with id or prefix "deadbeef0000"/);
  });

  it("keeps the tools a key holds for approval, hands them to the verifier's scopes, and refuses what is not a tool name, glob or destructive", async () => {
    const { key, record } = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'careful', approvalTools: ['destructive', 'cloudflare_purge_*'] });
    expect(record.approvalTools).toEqual(['destructive', 'cloudflare_purge_*']);
    const verifier = createKeyVerifier(t.db.prisma);
    const verified = await verifier.verify(key);
    await verifier.close();
    expect(verified).toMatchObject({ ok: true, scopes: { approvalTools: ['destructive', 'cloudflare_purge_*'] } });
    const plain = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'plain' });
    expect(plain.record.approvalTools).toEqual([]);
    await expect(createApiKey(t.db.prisma, { tenantId: 'acme', name: 'bad', approvalTools: ['Delete Everything'] })).rejects.toThrow(/approvalTools/);
    expect(tenantSettingsSchema.safeParse({ approvalTools: ['destructive'] }).success).toBe(true);
    expect(tenantSettingsSchema.safeParse({ approvalTools: ['DROP TABLE'] }).success).toBe(false);
  });

  it('keeps a key\'s tool surface (full by default, or compact) and hands it to the verifier\'s scopes', async () => {
    const full = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'full-list' });
    const compact = await createApiKey(t.db.prisma, { tenantId: 'acme', name: 'few-tools', toolSurface: 'compact' });
    expect([full.record.toolSurface, compact.record.toolSurface]).toEqual(['full', 'compact']);
    const verifier = createKeyVerifier(t.db.prisma);
    expect(await verifier.verify(compact.key)).toMatchObject({ ok: true, scopes: { toolSurface: 'compact' } });
    const verifiedFull = await verifier.verify(full.key);
    expect(verifiedFull.ok && verifiedFull.scopes.toolSurface).toBeUndefined();
    await verifier.close();
    await expect(createApiKey(t.db.prisma, { tenantId: 'acme', name: 'x', toolSurface: 'tiny' as never })).rejects.toThrow(/"full".*"compact"/);
  });
});
