import { describe, expect, it } from '@jest/globals';
import { CredentialsMissingError, noopLogger } from '@enterprise-mcp/core';
import { notesEcosystem } from '../test/support/notes-ecosystem.js';
import { ClientProvider } from './clients.js';
import { createLimiterStore } from './rate-limits/store.js';

describe('ClientProvider', () => {
  const setup = () => {
    let now = 0;
    let stored: Record<string, unknown> | undefined = { apiToken: 'tok-1', baseUrl: 'http://127.0.0.1:1/notes' };
    const reads: string[] = [];
    const provider = new ClientProvider({
      credentials: {
        configFor: async (tenantId) => {
          reads.push(tenantId);
          return stored;
        },
      },
      limiterStore: createLimiterStore(),
      outboundMaxWaitMs: 0,
      logger: noopLogger,
      now: () => now,
    });
    return {
      provider,
      reads,
      advance: (ms: number) => (now += ms),
      store: (config: Record<string, unknown> | undefined) => (stored = config),
    };
  };

  it('re-reads credentials after the key cache’s 5 s by default, keeping the client while they are unchanged', async () => {
    const { provider, reads, advance } = setup();
    const first = await provider.get('t1', notesEcosystem);
    advance(4_999);
    expect(await provider.get('t1', notesEcosystem)).toBe(first);
    expect(reads).toHaveLength(1);
    advance(1);
    expect(await provider.get('t1', notesEcosystem)).toBe(first);
    expect(reads).toHaveLength(2);
  });

  it('builds a new client when the stored credentials changed, and refuses once they are deleted', async () => {
    const { provider, advance, store } = setup();
    const first = await provider.get('t1', notesEcosystem);
    store({ apiToken: 'tok-2', baseUrl: 'http://127.0.0.1:1/notes' });
    advance(5_000);
    const second = await provider.get('t1', notesEcosystem);
    expect(second).not.toBe(first);
    store(undefined);
    advance(5_000);
    await expect(provider.get('t1', notesEcosystem)).rejects.toThrow(CredentialsMissingError);
  });

  it('never hands one tenant’s client to another', async () => {
    const { provider } = setup();
    expect(await provider.get('t1', notesEcosystem)).not.toBe(await provider.get('t2', notesEcosystem));
  });
});
