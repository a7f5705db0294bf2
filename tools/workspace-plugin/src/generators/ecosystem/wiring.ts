import { updateJson, type Tree } from '@nx/devkit';
import type { EcosystemNames } from './names.js';

export const SERVER_ECOSYSTEMS = 'apps/server/src/ecosystems.ts';
export const ENV_EXAMPLE = '.env.example';
const SERVER_PACKAGE = 'apps/server/package.json';

export interface WiringResult {
  /** One line per file touched or skipped, for the generator's output. */
  messages: string[];
  /** The server lists the ecosystem and depends on its package. */
  serverWired: boolean;
}

/**
 * Adds the ecosystem to the server's composition list and `.env.example`.
 * The server keeps its ecosystems in one array literal (`export const ecosystems = [ ... ]`);
 * the import goes after the last import and the entry before the closing bracket.
 */
export function wireIntoServer(tree: Tree, names: EcosystemNames, envVars: string[]): WiringResult {
  const messages: string[] = [];
  let serverWired = false;
  const symbol = `${names.propertyName}Ecosystem`;
  if (!tree.exists(SERVER_ECOSYSTEMS)) {
    messages.push(`Skipped server wiring: ${SERVER_ECOSYSTEMS} does not exist yet. Add ${symbol} there by hand later.`);
  } else {
    const source = tree.read(SERVER_ECOSYSTEMS, 'utf-8') ?? '';
    const updated = addToEcosystemList(source, names, symbol);
    if (updated === undefined) {
      messages.push(
        `Skipped server wiring: found no "export const ecosystems = [" list in ${SERVER_ECOSYSTEMS}. ` +
          `Import ${symbol} from '@enterprise-mcp/${names.name}' and add it there by hand.`,
      );
    } else {
      tree.write(SERVER_ECOSYSTEMS, updated);
      messages.push(`Added ${symbol} to ${SERVER_ECOSYSTEMS}.`);
      addServerDependency(tree, names);
      serverWired = true;
    }
  }
  if (!tree.exists(ENV_EXAMPLE)) {
    messages.push(`Skipped ${ENV_EXAMPLE}: the file does not exist. Variables: ${envVars.join(', ')}.`);
  } else {
    tree.write(ENV_EXAMPLE, addEnvSection(tree.read(ENV_EXAMPLE, 'utf-8') ?? '', names, envVars));
    messages.push(`Added ${envVars.join(', ')} to ${ENV_EXAMPLE}.`);
  }
  return { messages, serverWired };
}

export function addToEcosystemList(source: string, names: EcosystemNames, symbol: string): string | undefined {
  const list = /export const ecosystems\b[^=]*=\s*\[/.exec(source);
  if (!list) return undefined;
  const close = matchingBracket(source, list.index + list[0].length - 1);
  if (close < 0) return undefined;
  const body = source.slice(list.index + list[0].length, close);
  const multiline = body.includes('\n');
  const trimmed = body.trimEnd();
  const needsComma = trimmed.trim() !== '' && !trimmed.endsWith(',');
  const indent = multiline ? (/\n([ \t]+)\S/.exec(body)?.[1] ?? '  ') : '';
  const entry = multiline ? `${needsComma ? ',' : ''}\n${indent}${symbol},\n` : `${needsComma ? ', ' : ''}${symbol}`;
  const withEntry = source.slice(0, list.index + list[0].length) + trimmed + entry + source.slice(close);
  return addImport(withEntry, `import { ${symbol} } from '@enterprise-mcp/${names.name}';`);
}

function matchingBracket(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '[') depth++;
    else if (source[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

function addImport(source: string, statement: string): string {
  const imports = [...source.matchAll(/^import[^;]*;[ \t]*$/gm)];
  const last = imports.at(-1);
  if (!last) return `${statement}\n${source}`;
  const end = last.index + last[0].length;
  return `${source.slice(0, end)}\n${statement}${source.slice(end)}`;
}

export function addEnvSection(source: string, names: EcosystemNames, envVars: string[]): string {
  const missing = envVars.filter((variable) => !new RegExp(`^#?\\s*${variable}=`, 'm').test(source));
  if (missing.length === 0) return source;
  const section = [`# ${names.displayName} (enabled when ${missing[0]} is set)`, ...missing.map((v) => `# ${v}=`)];
  return `${source.replace(/\n*$/, '\n')}\n${section.join('\n')}\n`;
}

function addServerDependency(tree: Tree, names: EcosystemNames): void {
  if (!tree.exists(SERVER_PACKAGE)) return;
  updateJson(tree, SERVER_PACKAGE, (pkg: { dependencies?: Record<string, string> }) => {
    const dependencies = { ...pkg.dependencies, [`@enterprise-mcp/${names.name}`]: '^0.1.0' };
    pkg.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
    return pkg;
  });
}
