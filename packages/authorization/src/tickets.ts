import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

/** The validated authorization request, carried from page to page instead of being stored. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge: string;
  resource: string;
}

type Purpose = 'request' | 'consent' | 'oidc';

/**
 * Short-lived signed tokens (jose, HS256) that carry an authorization request
 * through the login and consent pages and the external OIDC round trip: the
 * browser holds them, and a changed or stale one is refused.
 */
export class Tickets {
  constructor(
    private readonly key: Uint8Array,
    private readonly issuer: () => string,
    private readonly lifetimeSeconds = 600,
  ) {}

  sign<T extends object>(purpose: Purpose, claims: T): Promise<string> {
    return new SignJWT({ ...claims } as JWTPayload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(this.issuer())
      .setAudience(`emcp:${purpose}`)
      .setIssuedAt()
      .setExpirationTime(`${this.lifetimeSeconds}s`)
      .sign(this.key);
  }

  /** The claims, or undefined when the ticket is forged, for another step, or expired. */
  async open<T>(purpose: Purpose, ticket: string | undefined | null): Promise<T | undefined> {
    if (!ticket) return undefined;
    try {
      const { payload } = await jwtVerify(ticket, this.key, { issuer: this.issuer(), audience: `emcp:${purpose}`, algorithms: ['HS256'] });
      return payload as T;
    } catch {
      return undefined;
    }
  }
}
