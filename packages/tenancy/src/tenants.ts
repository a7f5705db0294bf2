import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@enterprise-mcp/core';
import type { PrismaClient, Tenant as TenantRow } from '@enterprise-mcp/database';
import { z } from 'zod';
import { isUniqueViolation, validationErrorOf } from './errors.js';
import { readTenantSettings, tenantSettingsSchema, type TenantSettings } from './settings.js';

export type TenantStatus = 'active' | 'suspended';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  settings: TenantSettings;
  createdAt: Date;
  updatedAt: Date;
}

const createTenantInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1–63 characters, e.g. "acme-corp"'),
  name: z.string().trim().min(1, 'a display name is required').max(200),
  settings: tenantSettingsSchema.optional(),
});

export type CreateTenantInput = z.input<typeof createTenantInput>;

export async function createTenant(prisma: PrismaClient, input: CreateTenantInput): Promise<Tenant> {
  const parsed = createTenantInput.safeParse(input);
  if (!parsed.success) throw validationErrorOf('Invalid tenant', parsed.error);
  try {
    const row = await prisma.tenant.create({
      data: { id: randomUUID(), slug: parsed.data.slug, name: parsed.data.name, settings: parsed.data.settings ?? {} },
    });
    return toTenant(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A tenant with slug "${parsed.data.slug}" already exists`);
    throw error;
  }
}

export async function listTenants(prisma: PrismaClient, filter: { status?: TenantStatus } = {}): Promise<Tenant[]> {
  const rows = await prisma.tenant.findMany({ where: filter.status ? { status: filter.status } : {}, orderBy: { createdAt: 'asc' } });
  return rows.map(toTenant);
}

/** By id or slug; undefined when there is none. */
export async function findTenant(prisma: PrismaClient, idOrSlug: string): Promise<Tenant | undefined> {
  const row = await prisma.tenant.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
  return row ? toTenant(row) : undefined;
}

/** By id or slug; throws NotFoundError naming it. */
export async function getTenant(prisma: PrismaClient, idOrSlug: string): Promise<Tenant> {
  const tenant = await findTenant(prisma, idOrSlug);
  if (!tenant) throw new NotFoundError(`No tenant with id or slug "${idOrSlug}"`, { hint: 'list tenants with `enterprise-mcp tenants list`' });
  return tenant;
}

/** Every key of a suspended tenant stops verifying (within the verifier's cache TTL). */
export function suspendTenant(prisma: PrismaClient, idOrSlug: string): Promise<Tenant> {
  return setStatus(prisma, idOrSlug, 'suspended');
}

export function activateTenant(prisma: PrismaClient, idOrSlug: string): Promise<Tenant> {
  return setStatus(prisma, idOrSlug, 'active');
}

export async function updateTenantSettings(prisma: PrismaClient, idOrSlug: string, settings: TenantSettings): Promise<Tenant> {
  const parsed = tenantSettingsSchema.safeParse(settings);
  if (!parsed.success) throw validationErrorOf('Invalid tenant settings', parsed.error);
  const tenant = await getTenant(prisma, idOrSlug);
  return toTenant(await prisma.tenant.update({ where: { id: tenant.id }, data: { settings: parsed.data } }));
}

async function setStatus(prisma: PrismaClient, idOrSlug: string, status: TenantStatus): Promise<Tenant> {
  const tenant = await getTenant(prisma, idOrSlug);
  return toTenant(await prisma.tenant.update({ where: { id: tenant.id }, data: { status } }));
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    settings: readTenantSettings(row.settings),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
