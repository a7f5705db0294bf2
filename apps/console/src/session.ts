import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { CONSOLE_WRITE_ROLES, membershipsOf, type MembershipRecord } from '@enterprise-mcp/authorization';
import type { ConsoleDeps } from './deps.js';

export const SESSION_COOKIE = 'emcp_console';
const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;

export interface Session {
  userId: string;
  email: string;
  memberships: MembershipRecord[];
  /** Goes in every form; checked on every POST beside the Origin check. */
  csrf: string;
}

export type ConsoleEnv = { Variables: { session: Session } };

/**
 * The cookie holds only the user id and an expiry, signed: roles and the
 * user's state are read again on every request, so a removed membership or a
 * disabled user loses access at once, on any replica.
 */
export async function startSession(c: Context, deps: ConsoleDeps, userId: string): Promise<void> {
  const ttl = deps.sessionTtlMs ?? DEFAULT_TTL_MS;
  const expires = Date.now() + ttl;
  await setSignedCookie(c, SESSION_COOKIE, `${userId}|${expires}`, deps.sessionSecret, {
    path: '/console',
    httpOnly: true,
    secure: deps.secureCookies(),
    sameSite: 'Strict',
    maxAge: Math.floor(ttl / 1000),
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/console' });
}

export function requireSession(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = await readSession(c, deps);
    if (!session) {
      if (c.req.header('hx-request')) {
        c.header('HX-Redirect', '/console/login');
        return c.body(null, 401);
      }
      return c.redirect('/console/login', 303);
    }
    c.set('session', session);
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const token = typeof body['csrf'] === 'string' ? body['csrf'] : c.req.header('x-csrf-token') ?? '';
      if (!sameToken(token, session.csrf)) return c.text('Forbidden: the form is stale or came from elsewhere (missing or wrong csrf token); reload the page and try again', 403);
    }
    await next();
  };
}

async function readSession(c: Context, deps: ConsoleDeps): Promise<Session | undefined> {
  const value = await getSignedCookie(c, deps.sessionSecret, SESSION_COOKIE);
  if (!value) return undefined;
  const [userId, expires] = value.split('|');
  if (!userId || !(Number(expires) > Date.now())) return undefined;
  const user = await deps.prisma.user.findUnique({ where: { id: userId } });
  if (!user || user.disabledAt) return undefined;
  const memberships = await membershipsOf(deps.prisma, userId);
  const csrf = createHmac('sha256', deps.sessionSecret).update(`csrf|${value}`).digest('base64url');
  return { userId, email: user.email, memberships, csrf };
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
