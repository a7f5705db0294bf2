import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CONSOLE_WRITE_ROLES, membershipsOf, type MembershipRecord } from '@enterprise-mcp/authorization';
import type { ConsoleDeps } from './deps.js';

export const SESSION_COOKIE = 'emcp_console';
const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/** Writing last_seen_at on every request would be a write per page and per htmx poll. */
const LAST_SEEN_EVERY_MS = 60_000;

export interface Session {
  userId: string;
  email: string;
  memberships: MembershipRecord[];
  /** Goes in every form; checked on every POST beside the Origin check. */
  csrf: string;
}

export type ConsoleEnv = { Variables: { session: Session } };

/** Only this digest is stored: a leaked console_sessions table opens no session. */
export function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * A server-side session: the cookie holds a random id, the row its hash, the
 * user and a fixed expiry (use does not extend it, so a copied cookie lives at
 * most the TTL). Sign-out revokes the row, which kills every copy of the cookie.
 */
export async function startSession(c: Context, deps: ConsoleDeps, userId: string): Promise<void> {
  const ttl = deps.sessionTtlMs ?? DEFAULT_TTL_MS;
  const id = randomBytes(32).toString('base64url');
  const now = new Date();
  await deps.prisma.consoleSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await deps.prisma.consoleSession.create({ data: { idHash: sessionHash(id), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ttl) } });
  setCookie(c, SESSION_COOKIE, id, {
    path: '/console',
    httpOnly: true,
    secure: deps.secureCookies(),
    sameSite: 'Strict',
    maxAge: Math.floor(ttl / 1000),
  });
}

export async function endSession(c: Context, deps: ConsoleDeps): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await deps.prisma.consoleSession.updateMany({ where: { idHash: sessionHash(id), revokedAt: null }, data: { revokedAt: new Date() } });
  deleteCookie(c, SESSION_COOKIE, { path: '/console' });
}

export function requireSession(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const found = await readSession(c, deps);
    if (!found) {
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', '/console/login');
        return c.body(null, 401);
      }
      return c.redirect('/console/login', 303);
    }
    c.set('session', found.session);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const token = typeof body['csrf'] === 'string' ? body['csrf'] : c.req.header('x-csrf-token') ?? '';
      if (!sameToken(token, found.session.csrf)) return c.text('Forbidden: the form is stale or came from elsewhere (missing or wrong csrf token); reload the page and try again', 403);
    }
    await next();
  };
}

/** The user, their state and memberships are read on every request: a disabled user or one left without a tenant is signed out at once. */
async function readSession(c: Context, deps: ConsoleDeps): Promise<{ session: Session } | undefined> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return undefined;
  const hash = sessionHash(id);
  const row = await deps.prisma.consoleSession.findUnique({ where: { idHash: hash }, include: { user: true } });
  const now = Date.now();
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now) return undefined;
  const memberships = row.user.disabledAt ? [] : await membershipsOf(deps.prisma, row.userId);
  if (!memberships.length) {
    await deps.prisma.consoleSession.updateMany({ where: { idHash: hash, revokedAt: null }, data: { revokedAt: new Date(now) } });
    return undefined;
  }
  if (now - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) await deps.prisma.consoleSession.update({ where: { idHash: hash }, data: { lastSeenAt: new Date(now) } });
  const csrf = createHmac('sha256', deps.sessionSecret).update(`csrf|${hash}`).digest('base64url');
  return { session: { userId: row.userId, email: row.user.email, memberships, csrf } };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The tenants this session may see. */
export function visibleTenantIds(session: Session): string[] {
  return session.memberships.map((m) => m.tenant.id);
}

export function roleIn(session: Session, tenantId: string): MembershipRecord['role'] | undefined {
  return session.memberships.find((m) => m.tenant.id === tenantId)?.role;
}

export function mayChange(session: Session, tenantId: string): boolean {
  const role = roleIn(session, tenantId);
  return !!role && CONSOLE_WRITE_ROLES.includes(role);
}
