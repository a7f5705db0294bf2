/**
 * The scopes this server's tokens carry and the roles that cap them. Two
 * permission levels are enough for the catalog's one distinction (read-only
 * tools or all tools); which ecosystems a tenant may use stays a tenant setting.
 */
export const READ_SCOPE = 'mcp:read';
export const WRITE_SCOPE = 'mcp:write';
export const SUPPORTED_SCOPES = [READ_SCOPE, WRITE_SCOPE] as const;

export const ROLES = ['viewer', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change a tenant in the admin console (keys, connections, approvals); the others only look. */
export const CONSOLE_WRITE_ROLES: readonly Role[] = ['admin'];

const ROLE_SCOPES: Record<Role, readonly string[]> = {
  viewer: [READ_SCOPE],
  member: [READ_SCOPE, WRITE_SCOPE],
  admin: [READ_SCOPE, WRITE_SCOPE],
};

/** What a person sees on the consent page for each scope. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  [READ_SCOPE]: 'Use read-only tools (list and read data; nothing is changed)',
  [WRITE_SCOPE]: 'Use tools that create, change or delete data',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleScopes(role: string): readonly string[] {
  return isRole(role) ? ROLE_SCOPES[role] : [];
}

/** A `scope` parameter as a list of distinct scopes; unknown ones (`openid`, `offline_access`) are dropped. */
export function parseScopes(scope: string | null | undefined): string[] {
  const known = new Set<string>(SUPPORTED_SCOPES);
  return [...new Set((scope ?? '').split(/\s+/).filter((s) => known.has(s)))];
}

/**
 * The scopes a token gets: what was asked for (everything, when nothing known
 * was asked for) within what the role allows. `mcp:write` brings `mcp:read`.
 */
export function grantableScopes(requested: string[], role: string): string[] {
  const wanted = requested.length ? requested : [...SUPPORTED_SCOPES];
  const allowed = roleScopes(role);
  const granted = wanted.filter((s) => allowed.includes(s));
  if (granted.includes(WRITE_SCOPE) && !granted.includes(READ_SCOPE)) granted.unshift(READ_SCOPE);
  return SUPPORTED_SCOPES.filter((s) => granted.includes(s));
}

/** The scopes still in force: a token's scopes within its user's current role (a demoted user loses write at once). */
export function effectiveScopes(tokenScopes: string[], role: string): string[] {
  const allowed = roleScopes(role);
  return tokenScopes.filter((s) => allowed.includes(s));
}
