import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '@enterprise-mcp/core';
import type { PrismaClient, User as UserRow } from '@enterprise-mcp/database';
import { getTenant, toTenant, type Tenant } from '@enterprise-mcp/tenancy';
import { isUniqueViolation } from './errors.js';
import { hashPassword, passwordProblem, verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { isRole, ROLES, type Role } from './scopes.js';

/** A user as callers see it: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  /** Signs in with a password (else only through the external OIDC provider). */
  hasPassword: boolean;
  external: { issuer: string; subject: string } | null;
  disabledAt: Date | null;
  createdAt: Date;
  memberships: MembershipRecord[];
}

export interface MembershipRecord {
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'status'>;
  role: Role;
}

export interface CreateUserInput {
  email: string;
  name?: string;
  /** Omitted: the user signs in only through the external OIDC provider. */
  password?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(prisma: PrismaClient, input: CreateUserInput): Promise<UserRecord> {
  const email = normalizeEmail(input.email);
  const problems = [
    ...(EMAIL.test(email) ? [] : [{ path: 'email', message: 'must be an email address such as ana@example.com' }]),
    ...(input.password !== undefined && passwordProblem(input.password) ? [{ path: 'password', message: passwordProblem(input.password)! }] : []),
  ];
  if (problems.length) throw new ValidationError(`Invalid user: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  try {
    const row = await prisma.user.create({
      data: {
        id: randomUUID(),
        email,
        name: input.name?.trim() || null,
        passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      },
    });
    return toUserRecord(row, []);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`A user with email "${email}" already exists`);
    throw error;
  }
}

export async function listUsers(prisma: PrismaClient, filter: { tenantId?: string } = {}): Promise<UserRecord[]> {
  const tenantId = filter.tenantId ? (await getTenant(prisma, filter.tenantId)).id : undefined;
  const rows = await prisma.user.findMany({
    where: tenantId ? { memberships: { some: { tenantId } } } : {},
    include: { memberships: { include: { tenant: true }, orderBy: { createdAt: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((row) => toUserRecord(row, row.memberships));
}

/** By id or email. */
export async function getUser(prisma: PrismaClient, idOrEmail: string): Promise<UserRecord> {
  const row = await findUserRow(prisma, idOrEmail);
  const memberships = await prisma.membership.findMany({ where: { userId: row.id }, include: { tenant: true }, orderBy: { createdAt: 'asc' } });
  return toUserRecord(row, memberships);
}

/** Deletes the user with their memberships, grants, tokens and consents (their audit rows stay). */
export async function deleteUser(prisma: PrismaClient, idOrEmail: string): Promise<UserRecord> {
  const user = await getUser(prisma, idOrEmail);
  await prisma.user.delete({ where: { id: user.id } });
  return user;
}

export async function setPassword(prisma: PrismaClient, idOrEmail: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError(`Invalid password: ${problem}`, [{ path: 'password', message: problem }]);
  const row = await findUserRow(prisma, idOrEmail);
  await prisma.user.update({ where: { id: row.id }, data: { passwordHash: await hashPassword(password) } });
}

/** Adds the user to a tenant, or changes their role there. */
export async function addMembership(prisma: PrismaClient, input: { user: string; tenant: string; role: string }): Promise<MembershipRecord> {
  if (!isRole(input.role)) {
    throw new ValidationError(`Invalid role "${input.role}": use one of ${ROLES.join(', ')}`, [{ path: 'role', message: `one of ${ROLES.join(', ')}` }]);
  }
  const user = await findUserRow(prisma, input.user);
  const tenant = await getTenant(prisma, input.tenant);
  await prisma.membership.upsert({
    where: { userId_tenantId: { userId: user.id, tenantId: tenant.id } },
    create: { userId: user.id, tenantId: tenant.id, role: input.role },
    update: { role: input.role },
  });
  return { tenant, role: input.role };
}

/** Removes the user from a tenant and revokes every grant they gave there. */
export async function removeMembership(prisma: PrismaClient, input: { user: string; tenant: string }): Promise<void> {
  const user = await findUserRow(prisma, input.user);
  const tenant = await getTenant(prisma, input.tenant);
  const { count } = await prisma.membership.deleteMany({ where: { userId: user.id, tenantId: tenant.id } });
  if (!count) throw new NotFoundError(`${user.email} is not a member of tenant ${tenant.slug}`);
  await prisma.oAuthGrant.updateMany({ where: { userId: user.id, tenantId: tenant.id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The user with this email and password, or undefined (same time either way, so emails cannot be probed). */
export async function authenticateUser(prisma: PrismaClient, email: string, password: string): Promise<UserRow | undefined> {
  const row = await prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!row?.passwordHash || row.disabledAt) return (await verifyAgainstDecoy(password)) || undefined;
  return (await verifyPassword(password, row.passwordHash)) ? row : undefined;
}

/**
 * The user an external OIDC login stands for: the one linked to this issuer
 * and subject, else the one with this (verified) email, which is then linked.
 * Users are created by an operator, never by a login.
 */
export async function userForExternalLogin(
  prisma: PrismaClient,
  identity: { issuer: string; subject: string; email?: string; emailVerified?: boolean },
): Promise<UserRow | undefined> {
  const linked = await prisma.user.findUnique({ where: { externalIssuer_externalSubject: { externalIssuer: identity.issuer, externalSubject: identity.subject } } });
  if (linked) return linked.disabledAt ? undefined : linked;
  if (!identity.email || identity.emailVerified !== true) return undefined;
  const byEmail = await prisma.user.findUnique({ where: { email: normalizeEmail(identity.email) } });
  if (!byEmail || byEmail.disabledAt || byEmail.externalSubject) return undefined;
  return prisma.user.update({ where: { id: byEmail.id }, data: { externalIssuer: identity.issuer, externalSubject: identity.subject } });
}

/** The active tenants a user may authorize clients for, with their role in each. */
export async function membershipsOf(prisma: PrismaClient, userId: string): Promise<MembershipRecord[]> {
  const rows = await prisma.membership.findMany({ where: { userId, tenant: { status: 'active' } }, include: { tenant: true }, orderBy: { createdAt: 'asc' } });
  return rows.flatMap((row) => (isRole(row.role) ? [{ tenant: toTenant(row.tenant), role: row.role }] : []));
}

async function findUserRow(prisma: PrismaClient, idOrEmail: string): Promise<UserRow> {
  const row = await prisma.user.findFirst({ where: { OR: [{ id: idOrEmail }, { email: normalizeEmail(idOrEmail) }] } });
  if (!row) throw new NotFoundError(`No user with id or email "${idOrEmail}"`, { hint: 'list users with `enterprise-mcp users list`' });
  return row;
}

type MembershipRow = { role: string; tenant: Parameters<typeof toTenant>[0] };

function toUserRecord(row: UserRow, memberships: MembershipRow[]): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    hasPassword: row.passwordHash !== null,
    external: row.externalIssuer && row.externalSubject ? { issuer: row.externalIssuer, subject: row.externalSubject } : null,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
    memberships: memberships.flatMap((m) => {
      if (!isRole(m.role)) return [];
      const { id, slug, name, status } = toTenant(m.tenant);
      return [{ tenant: { id, slug, name, status }, role: m.role }];
    }),
  };
}
