import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase, type TestDatabase } from '@enterprise-mcp/database/testing';
import { ClientRegistry } from './clients.js';
import { RedirectPolicy, redirectMatches } from './redirects.js';
import { grantableScopes, parseScopes } from './scopes.js';
import { hashPassword, verifyPassword } from './passwords.js';

describe('client ID metadata documents and dynamic registration', () => {
  let t: TestDatabase;
  let host: Server;
  let origin = '';
  let fetched = 0;
  const docs: Record<string, (id: string) => unknown> = {
    '/good.json': (id) => ({ client_id: id, client_name: 'Good', redirect_uris: ['http://127.0.0.1:7777/cb', 'https://evil.example/cb'] }),
    '/mismatch.json': () => ({ client_id: 'https://someone-else.example/client.json', client_name: 'Liar', redirect_uris: ['http://127.0.0.1:7777/cb'] }),
    '/secret.json': (id) => ({ client_id: id, client_name: 'Confidential', redirect_uris: ['http://127.0.0.1:7777/cb'], client_secret: 'oops' }),
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    host = createServer((req, res) => {
      fetched++;
      const doc = docs[req.url ?? ''];
      res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(doc ? doc(`${origin}${req.url}`) : {}));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => host.close(resolve));
    await t.cleanup();
  });

  it('fetches http loopback documents only when allowed (tests), keeps only allowed redirect URIs, and caches the document', async () => {
    const strict = new ClientRegistry(t.db.prisma);
    expect(strict.isMetadataDocumentId(`${origin}/good.json`)).toBe(false);
    expect(await strict.find(`${origin}/good.json`)).toBeUndefined();
    const registry = new ClientRegistry(t.db.prisma, { metadataDocuments: { allowHttpLoopback: true } });
    const before = fetched;
    const client = await registry.find(`${origin}/good.json`);
    expect(client).toMatchObject({ kind: 'metadata_document', name: 'Good', redirectUris: ['http://127.0.0.1:7777/cb'], tokenAuthMethod: 'none' });
    await registry.find(`${origin}/good.json`);
    expect(fetched - before).toBe(1);
    expect(registry.redirectFor(client!, 'http://127.0.0.1:8888/cb')).toBe('http://127.0.0.1:8888/cb');
    expect(registry.redirectFor(client!, 'https://evil.example/cb')).toBeUndefined();
  });

  it('refuses a document whose client_id is another URL, or that carries a secret', async () => {
    const registry = new ClientRegistry(t.db.prisma, { metadataDocuments: { allowHttpLoopback: true } });
    expect(await registry.find(`${origin}/mismatch.json`)).toBeUndefined();
    expect(await registry.find(`${origin}/secret.json`)).toBeUndefined();
    expect(await registry.find(`${origin}/missing.json`)).toBeUndefined();
  });

  it('registers confidential clients with a secret stored only as a hash, and authenticates them', async () => {
    const registry = new ClientRegistry(t.db.prisma);
    const answer = await registry.register({ client_name: 'Server app', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'], client_uri: null });
    expect(answer).not.toHaveProperty('client_uri');
    expect(answer).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret_expires_at: 0 });
    const secret = answer['client_secret'] as string;
    const row = await t.db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: answer['client_id'] as string } });
    expect(row.secretHash).not.toContain(secret);
    const basic = `Basic ${Buffer.from(`${answer['client_id']}:${secret}`).toString('base64')}`;
    await expect(registry.authenticate(new URLSearchParams(), basic)).resolves.toMatchObject({ name: 'Server app' });
    await expect(registry.authenticate(new URLSearchParams({ client_id: answer['client_id'] as string }), undefined)).rejects.toMatchObject({ oauthError: 'invalid_client' });
  });
});

describe('redirect policy, scopes and passwords', () => {
  it('allows claude callbacks and loopback by default, other hosts only when listed', () => {
    const policy = new RedirectPolicy();
    expect(policy.allows('https://claude.ai/api/mcp/auth_callback')).toBe(true);
    expect(policy.allows('https://claude.com/api/mcp/auth_callback')).toBe(true);
    expect(policy.allows('http://127.0.0.1:33418/cb')).toBe(true);
    expect(policy.allows('https://evil.example/cb')).toBe(false);
    expect(policy.allows('http://claude.ai/api/mcp/auth_callback')).toBe(false);
    expect(new RedirectPolicy(['cursor://anysphere.cursor-retrieval/*']).allows('cursor://anysphere.cursor-retrieval/oauth/callback')).toBe(true);
    expect(redirectMatches('http://127.0.0.1:5000/cb', ['http://127.0.0.1:1/cb'])).toBe(true);
    expect(redirectMatches('http://127.0.0.1:5000/other', ['http://127.0.0.1:1/cb'])).toBe(false);
  });

  it('grants what was asked within the role, write bringing read', () => {
    expect(parseScopes('openid mcp:write offline_access')).toEqual(['mcp:write']);
    expect(grantableScopes(['mcp:write'], 'member')).toEqual(['mcp:read', 'mcp:write']);
    expect(grantableScopes([], 'viewer')).toEqual(['mcp:read']);
    expect(grantableScopes(['mcp:write'], 'viewer')).toEqual([]);
  });

  it('hashes passwords with scrypt and a salt, and verifies only the right one', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('other password here', a)).toBe(false);
  });
});
