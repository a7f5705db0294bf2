/** Counts work in progress so shutdown can wait for it, up to a bound. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  get size(): number {
    return this.count;
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves true when idle, false when the timeout (or `stop`) came first. */
  idle(timeoutMs: number, stop?: AbortSignal): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    if (stop?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        stop?.removeEventListener('abort', onStop);
        resolve(idle);
      };
      const onStop = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      stop?.addEventListener('abort', onStop, { once: true });
      this.waiters.push(() => done(true));
    });
  }
}
