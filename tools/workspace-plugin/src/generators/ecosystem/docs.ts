import type { Tree } from '@nx/devkit';
import type { EcosystemNames } from './names.js';

/**
 * `npm test`'s docs check wants every package named in README.md, ARCHITECTURE.md, SECURITY.md and
 * CONTRIBUTING.md, so a generated package is added where those documents list the platform packages.
 * A document without such a list is left alone with a message saying what to add by hand.
 */
export function addToDocs(tree: Tree, names: EcosystemNames, options: { serverDependsOnIt: boolean }): string[] {
  const folder = `packages/${names.name}`;
  const edits: Array<[string, (source: string) => string | undefined]> = [
    ['README.md', (source) => addPackageRow(source, names)],
    ['ARCHITECTURE.md', (source) => addDiagramNode(source, names, options.serverDependsOnIt)],
    ['SECURITY.md', (source) => addToPlatformRow(source, folder)],
    ['CONTRIBUTING.md', (source) => addToPlatformRow(source, folder)],
    [ARCHITECTURE_DOT, (source) => addToArchitectureDot(source, names, options.serverDependsOnIt)],
  ];
  return edits.flatMap(([file, edit]) => {
    if (!tree.exists(file)) return [];
    const source = tree.read(file, 'utf-8') ?? '';
    // A whole name: packages/acme is not named by packages/acme-crm.
    if (new RegExp(`${folder}(?![\\w-])`).test(source)) return [];
    const updated = edit(source);
    if (updated === undefined) return [`Skipped ${file}: found no list of the platform packages. Name ${folder} there by hand (npm test's docs check asks for it).`];
    tree.write(file, updated);
    const redraw = file === ARCHITECTURE_DOT ? ' Redraw the images with: npm run docs:diagrams' : '';
    return [`Added ${folder} to ${file}.${redraw}`];
  });
}

/** The diagram's source; its SVG and PNG are redrawn by `npm run docs:diagrams`. */
export const ARCHITECTURE_DOT = 'docs/diagrams/architecture.dot';

/**
 * architecture.dot: a node in `cluster_ecosystems` and its row, the edge to core, and the server's
 * edge when the server depends on the package (the diagram's test wants exactly the declared dependencies).
 */
export function addToArchitectureDot(source: string, names: EcosystemNames, serverDependsOnIt: boolean): string | undefined {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => /^\s*subgraph cluster_ecosystems\b/.test(line));
  const rank = start === -1 ? -1 : lines.findIndex((line, index) => index > start && /^\s*\{ rank=same;.*\}\s*$/.test(line));
  const toCore = lines.findIndex((line) => /^\s*\{ [\w ]+ \} -> core\b/.test(line));
  if (rank === -1 || toCore === -1) return undefined;
  const node = names.id;
  const members = /\{ rank=same; ([\w ]+) \}/.exec(lines[rank]!)?.[1]?.split(' ') ?? [];
  lines[toCore] = lines[toCore]!.replace(/ \} -> core/, ` ${node} } -> core`);
  const server = lines.findIndex((line) => /^\s*server -> \{ ([\w ]+) \}\s*$/.test(line) && members.some((member) => line.includes(` ${member} `)));
  if (serverDependsOnIt && server !== -1) lines[server] = lines[server]!.replace(/ \}\s*$/, ` ${node} }`);
  lines[rank] = lines[rank]!.replace(/ \}\s*$/, ` ${node} }`);
  const indent = /^\s*/.exec(lines[rank]!)?.[0] ?? '    ';
  lines.splice(rank, 0, `${indent}${node} [label="packages/${names.name}"]`);
  return lines.join('\n');
}

/** README.md: a row after the last package of the table that links `(packages/…)`. */
export function addPackageRow(source: string, names: EcosystemNames): string | undefined {
  const lines = source.split('\n');
  const last = lines.findLastIndex((line) => /^\| \[`@[^`]+`\]\(packages\/[^)]+\) \|/.test(line));
  if (last === -1) return undefined;
  const row = `| [\`@enterprise-mcp/${names.name}\`](packages/${names.name}) | ${names.displayName}: scaffolded by the ecosystem generator (say what its tools reach) |`;
  return [...lines.slice(0, last + 1), row, ...lines.slice(last + 1)].join('\n');
}

/** ARCHITECTURE.md: a node in the mermaid `subgraph ecosystems`, in its edge to core and, when the server depends on it, in the server's. */
export function addDiagramNode(source: string, names: EcosystemNames, serverDependsOnIt: boolean): string | undefined {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => /^\s*subgraph ecosystems\b/.test(line));
  const end = start === -1 ? -1 : lines.findIndex((line, index) => index > start && /^\s*end\s*$/.test(line));
  if (end === -1) return undefined;
  const node = names.id;
  const indent = /^\s*/.exec(lines[end - 1] ?? '')?.[0] ?? '    ';
  const first = /^\s*(\w+)\[/.exec(lines[start + 1] ?? '')?.[1];
  const updated = [...lines.slice(0, end), `${indent}${node}["packages/${names.name}"]`, ...lines.slice(end)];
  // The edge line that starts with the ecosystems' first node ("cloudflare & ghl & … --> core").
  const edge = first === undefined ? -1 : updated.findIndex((line) => new RegExp(`^\\s*${first} &.* --> core\\s*$`).test(line));
  if (edge !== -1) updated[edge] = updated[edge]!.replace(/ --> core\s*$/, ` & ${node} --> core`);
  // And the server's edge to every package ("server --> … & cloudflare & … & core").
  const server = first === undefined ? -1 : updated.findIndex((line) => new RegExp(`^\\s*server --> .*\\b${first}\\b.* & core\\s*$`).test(line));
  if (serverDependsOnIt && server !== -1) updated[server] = updated[server]!.replace(/ & core\s*$/, ` & ${node} & core`);
  return updated.join('\n');
}

/** SECURITY.md, CONTRIBUTING.md: the table row whose first cell lists the platform packages. */
export function addToPlatformRow(source: string, folder: string): string | undefined {
  const lines = source.split('\n');
  const row = lines.findIndex((line) => {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1] ?? '';
    return (cell.match(/`packages\/[^`]+`/g) ?? []).length >= 2 && !cell.includes('`packages/core`');
  });
  if (row === -1) return undefined;
  lines[row] = lines[row]!.replace(/^\| ([^|]+?) \|/, (_, cell: string) => `| ${cell}, \`${folder}\` |`);
  return lines.join('\n');
}
