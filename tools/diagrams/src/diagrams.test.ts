import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DiagramSyntaxError, diagrams, dotToSvg, repoRoot, svgToPng } from './render.js';
import { workspaceProjects } from './workspace.js';

/** Edges ("a -> b") of the laid-out graph, as Graphviz reports them in its JSON output. */
async function edgesOf(dotPath: string): Promise<{ visible: string[]; nodes: string[] }> {
  const { instance } = await import('@viz-js/viz');
  const graph = (await instance()).renderJSON(readFileSync(dotPath, 'utf8')) as {
    objects?: { name: string; nodes?: number[] }[];
    edges?: { tail: number; head: number; style?: string }[];
  };
  const names = (graph.objects ?? []).map((o) => o.name);
  const nodes = (graph.objects ?? []).filter((o) => !o.name.startsWith('cluster_') && o.nodes === undefined).map((o) => o.name);
  const visible = (graph.edges ?? []).filter((e) => e.style !== 'invis').map((e) => `${names[e.tail]} -> ${names[e.head]}`);
  return { visible: visible.sort(), nodes: nodes.sort() };
}

describe('diagrams', () => {
  it('has the two images the documents show', () => {
    expect(diagrams().map((d) => d.name)).toEqual(expect.arrayContaining(['architecture', 'request-path']));
  });

  it.each(diagrams().map((d) => [d.name, d] as const))('commits the SVG Graphviz makes from %s.dot (else npm run docs:diagrams)', async (_name, diagram) => {
    const fresh = await dotToSvg(readFileSync(diagram.dotPath, 'utf8'), diagram.dotPath);
    const committed = existsSync(diagram.svgPath) ? readFileSync(diagram.svgPath, 'utf8') : '';
    expect({ svg: relative(repoRoot, diagram.svgPath), current: committed === fresh }).toEqual({ svg: relative(repoRoot, diagram.svgPath), current: true });
  });

  it.each(diagrams().map((d) => [d.name, d] as const))('commits a PNG drawn from the current %s.svg', (_name, diagram) => {
    const drawn = svgToPng(readFileSync(diagram.svgPath, 'utf8'));
    const committed = readFileSync(diagram.pngPath);
    // A PNG's width and height sit at bytes 16..24 (its IHDR chunk): equal sizes mean it was drawn from this SVG.
    const size = (png: Buffer) => ({ png: relative(repoRoot, diagram.pngPath), width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
    expect(committed.subarray(1, 4).toString()).toBe('PNG');
    expect(size(committed)).toEqual(size(drawn));
  });

  it('draws every workspace project and exactly the dependencies the package.json files declare (else edit architecture.dot, npm run docs:diagrams)', async () => {
    const { visible, nodes } = await edgesOf(diagrams().find((d) => d.name === 'architecture')!.dotPath);
    const projects = workspaceProjects();
    expect(nodes).toEqual(projects.map((p) => p.id).sort());
    expect(visible).toEqual(projects.flatMap((p) => p.dependsOn.map((dep) => `${p.id} -> ${dep}`)).sort());
  });

  it('shows ecosystems depending on core alone', () => {
    const ecosystems = workspaceProjects().filter((p) => ['cloudflare', 'ghl', 'godaddy', 'quickbooks', 'google', 'amazon'].includes(p.id));
    expect(ecosystems.map((p) => p.dependsOn)).toEqual(ecosystems.map(() => ['core']));
  });

  it('names the source and the fix when a DOT source does not parse', async () => {
    await expect(dotToSvg('digraph { a -> ', 'docs/diagrams/broken.dot')).rejects.toThrow(DiagramSyntaxError);
    await expect(dotToSvg('digraph { a -> ', 'docs/diagrams/broken.dot')).rejects.toThrow(/broken\.dot.*npm run docs:diagrams/);
  });

  it('renders a PNG twice the SVG size on a white background', () => {
    const png = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect width="10" height="5" fill="none"/></svg>');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 20, height: 10 });
  });
});
