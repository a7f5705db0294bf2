/** A ```bash block QUICK_START.md marks with `<!-- quickstart:run -->` (or `quickstart:run background`). */
export interface RunnableBlock {
  script: string;
  background: boolean;
}

const MARKED_BLOCK = /<!--\s*quickstart:run(\s+background)?\s*-->\s*\n```bash\n([\s\S]*?)\n```/g;

/** The marked blocks in document order; unmarked blocks (placeholders, browser steps) are left out. */
export function runnableBlocks(markdown: string): RunnableBlock[] {
  return [...markdown.matchAll(MARKED_BLOCK)].map((m) => ({ script: m[2] ?? '', background: Boolean(m[1]) }));
}

/**
 * The guide names the defaults a reader gets (port 3000, ./data); the test runs
 * on a free port and a temporary data folder so it never meets a reader's demo.
 */
export function localize(script: string, port: number, dataDir: string): string {
  return script.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`).replaceAll('data/demo-api-key', `${dataDir}/demo-api-key`);
}
