import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError } from '@enterprise-mcp/core';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { activateTenant, createTenant, getTenant, listTenants, suspendTenant, updateTenantSettings } from './index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.cleanup());

describe('tenants', () => {
  it('creates, finds by id or slug, lists, suspends and reactivates', async () => {
    const acme = await createTenant(t.db.prisma, {
      slug: 'acme',
      name: 'Acme Corp',
      settings: { enabledEcosystems: ['cloudflare'], rateLimits: { toolCallsPerMinute: 120, perTool: { 'cloudflare_purge_*': 5 } } },
    });
    expect(acme).toMatchObject({ slug: 'acme', status: 'active', settings: { enabledEcosystems: ['cloudflare'] } });
    expect(acme.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getTenant(t.db.prisma, 'acme')).toEqual(acme);
    expect((await getTenant(t.db.prisma, acme.id)).slug).toBe('acme');

    await createTenant(t.db.prisma, { slug: 'globex', name: 'Globex' });
    expect((await listTenants(t.db.prisma)).map((x) => x.slug)).toEqual(['acme', 'globex']);

    expect((await suspendTenant(t.db.prisma, 'acme')).status).toBe('suspended');
    expect((await listTenants(t.db.prisma, { status: 'suspended' })).map((x) => x.slug)).toEqual(['acme']);
    expect((await activateTenant(t.db.prisma, acme.id)).status).toBe('active');
  });

  it('names the field and what it expects when input is invalid', async () => {
    const bad = createTenant(t.db.prisma, { slug: 'Not A Slug', name: 'x' });
    await expect(bad).rejects.toThrow(ValidationError);
    await expect(bad).rejects.toThrow(/slug: lowercase letters, digits and dashes/);
    await expect(
      createTenant(t.db.prisma, { slug: 'ok', name: 'x', settings: { rateLimits: { toolCallsPerMinute: -1 } } as never }),
    ).rejects.toThrow(/settings\.rateLimits\.toolCallsPerMinute/);
    await expect(updateTenantSettings(t.db.prisma, 'globex', { unknownField: 1 } as never)).rejects.toThrow(ValidationError);
  });

  it('refuses a duplicate slug and reports a missing tenant by name', async () => {
    await expect(createTenant(t.db.prisma, { slug: 'globex', name: 'Again' })).rejects.toThrow(ConflictError);
    await expect(getTenant(t.db.prisma, 'nobody')).rejects.toThrow(new NotFoundError('No tenant with id or slug "nobody"'));
  });
});
