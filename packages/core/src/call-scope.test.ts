import { describe, expect, it } from '@jest/globals';
import { callLogger, MAX_UPSTREAM_REQUEST_IDS, noteUpstreamRequestId, scopedSignal, withCallScope } from './call-scope.js';
import { noopLogger, type Logger } from './logger.js';

const namedLogger = (): Logger => ({ ...noopLogger });

describe('call scope', () => {
  it('is found through the signal while the call runs, and is gone after', async () => {
    const signal = new AbortController().signal;
    const ids: string[] = [];
    const logger = namedLogger();
    await withCallScope(signal, { upstreamRequestIds: ids, logger }, async () => {
      noteUpstreamRequestId(signal, ['req-1', 'ignored']);
      noteUpstreamRequestId(signal, undefined);
      expect(callLogger(noopLogger, signal)).toBe(logger);
    });
    noteUpstreamRequestId(signal, 'req-after');
    expect(ids).toEqual(['req-1']);
    expect(callLogger(noopLogger, signal)).toBe(noopLogger);
  });

  it('is gone after a call that throws', async () => {
    const signal = new AbortController().signal;
    await expect(withCallScope(signal, { upstreamRequestIds: [] }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withCallScope(signal, { upstreamRequestIds: [] }, async () => 'again')).resolves.toBe('again');
  });

  it('refuses a signal that already carries a call, and scopedSignal gives a second call its own that aborts with the first', async () => {
    const controller = new AbortController();
    const first: string[] = [];
    const second: string[] = [];
    await withCallScope(controller.signal, { upstreamRequestIds: first }, async () => {
      await expect(withCallScope(controller.signal, { upstreamRequestIds: second }, async () => {})).rejects.toThrow(/already carries a call scope/);
      const own = scopedSignal(controller.signal);
      expect(own).not.toBe(controller.signal);
      await withCallScope(own, { upstreamRequestIds: second }, async () => {
        noteUpstreamRequestId(own, 'second-1');
        noteUpstreamRequestId(controller.signal, 'first-1');
        controller.abort(new Error('stop'));
        expect(own.aborted).toBe(true);
      });
    });
    expect(first).toEqual(['first-1']);
    expect(second).toEqual(['second-1']);
    const free = new AbortController().signal;
    expect(scopedSignal(free)).toBe(free);
  });

  it(`keeps at most ${MAX_UPSTREAM_REQUEST_IDS} ids for one call`, async () => {
    const signal = new AbortController().signal;
    const ids: string[] = [];
    await withCallScope(signal, { upstreamRequestIds: ids }, async () => {
      for (let i = 0; i < MAX_UPSTREAM_REQUEST_IDS + 5; i++) noteUpstreamRequestId(signal, `id-${i}`);
    });
    expect(ids).toHaveLength(MAX_UPSTREAM_REQUEST_IDS);
    expect(ids.at(-1)).toBe(`id-${MAX_UPSTREAM_REQUEST_IDS - 1}`);
  });
});
