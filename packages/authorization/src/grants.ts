import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@enterprise-mcp/database';
import type { Client } from './clients.js';
import { OAuthError } from './errors.js';
import { parseScopes } from './scopes.js';
import { hashSecret, newSecret, s256 } from './secrets.js';

export interface TokenLifetimes {
  /** Default 3600. */
  accessSeconds: number;
  /** Default 30 days. */
  refreshSeconds: number;
  /** Default 120. */
  codeSeconds: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = { accessSeconds: 3600, refreshSeconds: 30 * 86_400, codeSeconds: 120 };

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** What the consent page approved: who, for which client, tenant, scopes and resource, back to where. */
export interface ApprovedAuthorization {
  userId: string;
  tenantId: string;
  clientId: string;
  scopes: string[];
  resource: string;
  redirectUri: string;
  codeChallenge: string;
}

/**
 * Grants and their codes and tokens. Every secret is stored as its SHA-256
 * only; codes and refresh tokens are single-use, and a second use of either
 * revokes the whole grant (RFC 9700 §4.14: a replay means one copy leaked).
 */
export class GrantStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly lifetimes: TokenLifetimes = DEFAULT_LIFETIMES,
    private readonly now: () => number = Date.now,
    /** Told about revoked grants so cached token lookups are dropped at once. */
    private readonly onRevoked: () => void = () => {},
  ) {}

  /** A new grant and its authorization code. */
  async issueCode(approved: ApprovedAuthorization): Promise<string> {
    const code = newSecret('code');
    const grantId = randomUUID();
    await this.prisma.oAuthGrant.create({
      data: {
        id: grantId,
        userId: approved.userId,
        tenantId: approved.tenantId,
        clientId: approved.clientId,
        scopes: approved.scopes,
        resource: approved.resource,
        tokens: {
          create: {
            hash: hashSecret(code),
            kind: 'code',
            expiresAt: this.expiry(this.lifetimes.codeSeconds),
            redirectUri: approved.redirectUri,
            codeChallenge: approved.codeChallenge,
          },
        },
      },
    });
    return code;
  }

  /** grant_type=authorization_code (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.6). */
  async redeemCode(client: Client, form: URLSearchParams): Promise<TokenResponse> {
    const code = required(form, 'code');
    const verifier = required(form, 'code_verifier');
    const row = await this.prisma.oAuthToken.findUnique({ where: { hash: hashSecret(code) }, include: { grant: true } });
    if (!row || row.kind !== 'code' || row.grant.clientId !== client.id) throw new OAuthError('invalid_grant', 'The authorization code is unknown or was issued to another client');
    if (!(await this.markUsed(row.hash))) {
      await this.revokeGrant(row.grantId);
      throw new OAuthError('invalid_grant', 'The authorization code was already used; every token issued with it is revoked');
    }
    if (row.grant.revokedAt || row.expiresAt.getTime() <= this.now()) throw new OAuthError('invalid_grant', 'The authorization code has expired');
    if (form.get('redirect_uri') !== null && form.get('redirect_uri') !== row.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request');
    if (!row.codeChallenge || s256(verifier) !== row.codeChallenge) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge (PKCE S256)');
    checkResource(form, row.grant.resource);
    return this.issueTokens(row.grantId, row.grant.scopes);
  }

  /** grant_type=refresh_token: a new pair, and the old refresh token is spent (rotation). */
  async refresh(client: Client, form: URLSearchParams): Promise<TokenResponse> {
    const token = required(form, 'refresh_token');
    const row = await this.prisma.oAuthToken.findUnique({ where: { hash: hashSecret(token) }, include: { grant: true } });
    if (!row || row.kind !== 'refresh' || row.grant.clientId !== client.id) throw new OAuthError('invalid_grant', 'The refresh token is unknown or was issued to another client');
    if (row.grant.revokedAt) throw new OAuthError('invalid_grant', 'The authorization was revoked; authorize again');
    if (row.expiresAt.getTime() <= this.now()) throw new OAuthError('invalid_grant', 'The refresh token has expired; authorize again');
    if (!(await this.markUsed(row.hash))) {
      await this.revokeGrant(row.grantId);
      throw new OAuthError('invalid_grant', 'The refresh token was already used; the authorization is revoked, authorize again');
    }
    checkResource(form, row.grant.resource);
    const asked = form.get('scope');
    const scopes = asked === null ? row.grant.scopes : parseScopes(asked);
    if (scopes.some((s) => !row.grant.scopes.includes(s)) || !scopes.length) throw new OAuthError('invalid_scope', `A refresh may only narrow the granted scopes (${row.grant.scopes.join(' ')})`);
    return this.issueTokens(row.grantId, scopes);
  }

  /**
   * RFC 7009: a refresh token ends its grant; an access token only itself.
   * Unknown tokens and tokens of other clients are ignored (the answer is 200 either way).
   */
  async revoke(client: Client, token: string): Promise<void> {
    const row = await this.prisma.oAuthToken.findUnique({ where: { hash: hashSecret(token) }, include: { grant: true } });
    if (!row || row.grant.clientId !== client.id) return;
    if (row.kind === 'access') {
      await this.prisma.oAuthToken.deleteMany({ where: { hash: row.hash } });
      this.onRevoked();
    } else {
      await this.revokeGrant(row.grantId);
    }
  }

  async revokeGrant(grantId: string): Promise<void> {
    await this.prisma.oAuthGrant.updateMany({ where: { id: grantId, revokedAt: null }, data: { revokedAt: new Date(this.now()) } });
    await this.prisma.oAuthToken.deleteMany({ where: { grantId, kind: 'access' } });
    this.onRevoked();
  }

  private async issueTokens(grantId: string, scopes: string[]): Promise<TokenResponse> {
    const access = newSecret('access');
    const refresh = newSecret('refresh');
    await this.prisma.oAuthToken.createMany({
      data: [
        { hash: hashSecret(access), grantId, kind: 'access', expiresAt: this.expiry(this.lifetimes.accessSeconds) },
        { hash: hashSecret(refresh), grantId, kind: 'refresh', expiresAt: this.expiry(this.lifetimes.refreshSeconds) },
      ],
    });
    // Scopes narrowed at refresh stay with the grant from then on.
    await this.prisma.oAuthGrant.update({ where: { id: grantId }, data: { scopes } });
    return { access_token: access, token_type: 'Bearer', expires_in: this.lifetimes.accessSeconds, refresh_token: refresh, scope: scopes.join(' ') };
  }

  /** Exactly one redemption wins, across replicas too: the row is claimed with a conditional update. */
  private async markUsed(hash: string): Promise<boolean> {
    const { count } = await this.prisma.oAuthToken.updateMany({ where: { hash, usedAt: null }, data: { usedAt: new Date(this.now()) } });
    return count === 1;
  }

  private expiry(seconds: number): Date {
    return new Date(this.now() + seconds * 1000);
  }
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

/** RFC 8707: a token request may repeat the resource, never name another. */
function checkResource(form: URLSearchParams, granted: string): void {
  const asked = form.getAll('resource');
  if (asked.some((resource) => !sameResource(resource, granted))) throw new OAuthError('invalid_target', `This authorization is for ${granted} only`);
}

/** Resource indicators compared as the SDKs send them: a trailing slash does not make another resource. */
export function sameResource(a: string, b: string): boolean {
  const strip = (value: string) => value.replace(/\/+$/, '');
  return strip(a) === strip(b);
}
