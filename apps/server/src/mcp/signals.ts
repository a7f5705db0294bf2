/**
 * Makes `target` abort when any of `sources` does, and returns the function
 * that stops listening once the work is done. Plain listeners, removed
 * afterwards: AbortSignal.any keeps weak references per call, which showed up
 * as GC work under load.
 */
export function followAborts(target: AbortController, sources: Array<AbortSignal | undefined>): () => void {
  const live = sources.filter((source): source is AbortSignal => source !== undefined);
  const aborted = live.find((source) => source.aborted);
  if (aborted) {
    target.abort(aborted.reason);
    return () => {};
  }
  const abort = (event: Event) => target.abort((event.target as AbortSignal).reason);
  for (const source of live) source.addEventListener('abort', abort, { once: true });
  return () => {
    for (const source of live) source.removeEventListener('abort', abort);
  };
}
