import { randomUUID } from 'node:crypto';
import type { OAuthClient as ClientRow, Prisma, PrismaClient } from '@enterprise-mcp/database';
import { z } from 'zod';
import { OAuthError } from './errors.js';
import { isLoopback, redirectMatches, RedirectPolicy, safeUrl } from './redirects.js';
import { hashSecret, newSecret, secretMatches } from './secrets.js';

export type TokenAuthMethod = 'none' | 'client_secret_post' | 'client_secret_basic';
export const TOKEN_AUTH_METHODS: TokenAuthMethod[] = ['none', 'client_secret_post', 'client_secret_basic'];

/** A client as the authorization server sees it. */
export interface Client {
  id: string;
  kind: 'metadata_document' | 'dynamic';
  name: string;
  redirectUris: string[];
  tokenAuthMethod: TokenAuthMethod;
  secretHash: string | null;
  /** Its home page, shown on the consent page when given. */
  clientUri?: string;
}

export interface MetadataDocumentOptions {
  /** Fetches a document; tests pass one that trusts their own certificate. Default: global fetch. */
  fetch?: typeof fetch;
  /** Accept `http://127.0.0.1…` client IDs: for tests only, never in production. */
  allowHttpLoopback?: boolean;
  /** How long a fetched document is trusted (default 10 minutes). */
  ttlMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface ClientRegistryOptions {
  redirectPolicy?: RedirectPolicy;
  metadataDocuments?: MetadataDocumentOptions;
  /** Offer dynamic client registration (RFC 7591) to clients without metadata documents (default true). */
  dynamicRegistration?: boolean;
  now?: () => number;
}

const metadataSchema = z.object({
  client_id: z.string().optional(),
  client_name: z.string().trim().min(1).max(200).optional(),
  redirect_uris: z.array(z.string()).min(1, 'at least one redirect URI is required'),
  token_endpoint_auth_method: z.enum(TOKEN_AUTH_METHODS as [TokenAuthMethod, ...TokenAuthMethod[]]).optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  scope: z.string().optional(),
  client_uri: z.string().optional(),
  logo_uri: z.string().optional(),
  software_id: z.string().optional(),
  software_version: z.string().optional(),
  application_type: z.enum(['web', 'native']).optional(),
  contacts: z.array(z.string()).optional(),
});
type ClientMetadata = z.infer<typeof metadataSchema>;

/**
 * Who a `client_id` is. An https URL is a client ID metadata document
 * (fetched, validated and cached); anything else must have been registered
 * through `register` (RFC 7591).
 */
export class ClientRegistry {
  readonly dynamicRegistration: boolean;
  private readonly policy: RedirectPolicy;
  private readonly documents: Required<Omit<MetadataDocumentOptions, 'fetch'>> & { fetch: typeof fetch };
  private readonly now: () => number;

  constructor(
    private readonly prisma: PrismaClient,
    options: ClientRegistryOptions = {},
  ) {
    this.policy = options.redirectPolicy ?? new RedirectPolicy();
    this.dynamicRegistration = options.dynamicRegistration ?? true;
    this.now = options.now ?? Date.now;
    const docs = options.metadataDocuments ?? {};
    this.documents = {
      fetch: docs.fetch ?? ((...args) => fetch(...args)),
      allowHttpLoopback: docs.allowHttpLoopback ?? false,
      ttlMs: docs.ttlMs ?? 10 * 60_000,
      timeoutMs: docs.timeoutMs ?? 5_000,
      maxBytes: docs.maxBytes ?? 5 * 1024,
    };
  }

  /** Whether a client_id names a metadata document this server would fetch. */
  isMetadataDocumentId(clientId: string): boolean {
    const url = safeUrl(clientId);
    if (!url || url.hash || url.username || url.password || url.pathname === '/' || /\/\.\.?(\/|$)/.test(url.pathname)) return false;
    if (url.protocol === 'https:') return true;
    return this.documents.allowHttpLoopback && isLoopback(url);
  }

  /** The client, or undefined when it is unknown (or its document cannot be had). */
  async find(clientId: string): Promise<Client | undefined> {
    if (!clientId || clientId.length > 2000) return undefined;
    const row = await this.prisma.oAuthClient.findUnique({ where: { id: clientId } });
    if (!this.isMetadataDocumentId(clientId)) return row && row.kind === 'dynamic' ? toClient(row) : undefined;
    if (row && row.expiresAt && row.expiresAt.getTime() > this.now()) return toClient(row);
    return this.fetchDocument(clientId);
  }

  /** RFC 7591 registration; the answer omits absent fields (Claude Code refuses nulls). */
  async register(body: unknown): Promise<Record<string, unknown>> {
    if (!this.dynamicRegistration) throw new OAuthError('invalid_request', 'Dynamic client registration is turned off on this server; use a client ID metadata document');
    const metadata = this.parseMetadata(body);
    const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
    const secret = method === 'none' ? undefined : newSecret('client_secret');
    const id = `emcp_client_${randomUUID()}`;
    const issuedAt = Math.floor(this.now() / 1000);
    const registered = withoutEmpty({
      ...metadata,
      client_name: metadata.client_name ?? 'Unnamed client',
      token_endpoint_auth_method: method,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
    await this.prisma.oAuthClient.create({
      data: {
        id,
        kind: 'dynamic',
        name: registered['client_name'] as string,
        redirectUris: metadata.redirect_uris,
        tokenAuthMethod: method,
        secretHash: secret ? hashSecret(secret) : null,
        metadata: registered as Prisma.InputJsonValue,
      },
    });
    return withoutEmpty({ ...registered, client_id: id, client_id_issued_at: issuedAt, client_secret: secret, ...(secret ? { client_secret_expires_at: 0 } : {}) });
  }

  /**
   * The token and revocation endpoints' client authentication (RFC 6749 §2.3):
   * a public client sends only its id; a confidential one its secret, in the
   * way it registered.
   */
  async authenticate(form: URLSearchParams, authorization: string | undefined): Promise<Client> {
    const basic = parseBasic(authorization);
    const clientId = basic?.id ?? form.get('client_id') ?? '';
    const client = await this.find(clientId);
    if (!client) throw new OAuthError('invalid_client', 'Unknown client_id');
    if (basic && form.get('client_id') && form.get('client_id') !== basic.id) throw new OAuthError('invalid_request', 'client_id in the body and in the Authorization header differ');
    const secret = basic?.secret ?? form.get('client_secret') ?? undefined;
    if (client.tokenAuthMethod === 'none') {
      if (secret) throw new OAuthError('invalid_client', 'This client is public (token_endpoint_auth_method "none") and must not send a secret');
      return client;
    }
    if (!secret || !client.secretHash || !secretMatches(secret, client.secretHash)) throw new OAuthError('invalid_client', 'The client secret is missing or wrong');
    return client;
  }

  /** The redirect URI an authorization request names, checked against the client's; undefined when it is not one of them. */
  redirectFor(client: Client, requested: string | null): string | undefined {
    if (!requested) return client.redirectUris.length === 1 ? client.redirectUris[0] : undefined;
    return redirectMatches(requested, client.redirectUris) && this.policy.allows(requested) ? requested : undefined;
  }

  private parseMetadata(body: unknown): ClientMetadata {
    const parsed = metadataSchema.safeParse(dropNulls(body));
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
      throw new OAuthError('invalid_client_metadata', `Invalid client metadata: ${detail}`);
    }
    const refused = parsed.data.redirect_uris.filter((uri) => !this.policy.allows(uri));
    if (refused.length) {
      throw new OAuthError(
        'invalid_redirect_uri',
        `Redirect URI not allowed on this server: ${refused.join(', ')} (allowed: claude.ai/claude.com callbacks, loopback http://127.0.0.1 URIs, and AUTH_ALLOWED_REDIRECT_URIS)`,
      );
    }
    const grants = parsed.data.grant_types;
    if (grants && !grants.includes('authorization_code')) throw new OAuthError('invalid_client_metadata', 'grant_types must include "authorization_code" (the only interactive grant this server offers)');
    return parsed.data;
  }

  private async fetchDocument(clientId: string): Promise<Client | undefined> {
    const metadata = await this.download(clientId).catch(() => undefined);
    if (!metadata) return undefined;
    const parsed = metadataSchema.safeParse(dropNulls(metadata));
    if (!parsed.success || parsed.data.client_id !== clientId) return undefined;
    const method = parsed.data.token_endpoint_auth_method ?? 'none';
    // A document is public: a secret in it would be no secret, so only public clients may use one.
    if (method !== 'none' || (metadata as Record<string, unknown>)['client_secret'] !== undefined) return undefined;
    const redirectUris = parsed.data.redirect_uris.filter((uri) => this.policy.allows(uri));
    if (!redirectUris.length) return undefined;
    const data = {
      kind: 'metadata_document',
      name: parsed.data.client_name ?? new URL(clientId).host,
      redirectUris,
      tokenAuthMethod: 'none',
      secretHash: null,
      metadata: withoutEmpty(parsed.data) as Prisma.InputJsonValue,
      expiresAt: new Date(this.now() + this.documents.ttlMs),
    };
    const row = await this.prisma.oAuthClient.upsert({ where: { id: clientId }, create: { id: clientId, ...data }, update: data });
    return toClient(row);
  }

  private async download(url: string): Promise<unknown> {
    const response = await this.documents.fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(this.documents.timeoutMs),
    });
    if (!response.ok) return undefined;
    const text = await response.text();
    if (Buffer.byteLength(text) > this.documents.maxBytes) return undefined;
    return JSON.parse(text);
  }
}

function toClient(row: ClientRow): Client {
  const clientUri = (row.metadata as Record<string, unknown> | null)?.['client_uri'];
  return {
    id: row.id,
    kind: row.kind === 'metadata_document' ? 'metadata_document' : 'dynamic',
    name: row.name,
    redirectUris: row.redirectUris,
    tokenAuthMethod: (TOKEN_AUTH_METHODS as string[]).includes(row.tokenAuthMethod) ? (row.tokenAuthMethod as TokenAuthMethod) : 'none',
    secretHash: row.secretHash,
    ...(typeof clientUri === 'string' && /^https:\/\//.test(clientUri) ? { clientUri } : {}),
  };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = header?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** Clients send `"logo_uri": null` for "none"; treat it as absent. */
function dropNulls(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function withoutEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null));
}
