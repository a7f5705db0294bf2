import type { Tree } from '@nx/devkit';
import { createRequire } from 'node:module';

/**
 * The style of the hand-written packages, as prettier options. The workspace configures no
 * formatter, so Nx's `formatFiles` alone would leave the generated files as the templates
 * wrote them, and how a template line wraps depends on the length of the names put into it.
 */
export const HOUSE_STYLE = { singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;

/** The one prettier call used here (prettier 2 ships no types; prettier 3's `format` returns a promise). */
export interface Formatter {
  format(source: string, options: Record<string, unknown>): string | Promise<string>;
}

export function loadPrettier(): Formatter {
  return createRequire(import.meta.url)('prettier') as Formatter;
}

const FORMATTED = /\.(ts|js|json)$/;

/**
 * Formats the code and JSON the generator wrote under `root` in the house style. Markdown stays
 * as written, so its tables stay compact like the other READMEs. A template that does not parse
 * fails here, naming the file.
 */
export async function formatGeneratedFiles(tree: Tree, root: string, prettier: Formatter = loadPrettier()): Promise<void> {
  for (const change of tree.listChanges()) {
    if (change.type === 'DELETE' || !change.path.startsWith(`${root}/`) || !FORMATTED.test(change.path)) continue;
    const source = change.content?.toString('utf-8') ?? '';
    try {
      tree.write(change.path, await prettier.format(source, { ...HOUSE_STYLE, filepath: change.path }));
    } catch (error) {
      throw new Error(`Cannot format the generated ${change.path}: ${(error as Error).message}`, { cause: error });
    }
  }
}
