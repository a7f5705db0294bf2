/**
 * Text sources in, images out: Graphviz DOT (docs/diagrams/*.dot) laid out by the WebAssembly Graphviz of
 * @viz-js/viz into SVG, and the SVG drawn to PNG by resvg, so no system Graphviz or browser is needed.
 */
import { Resvg } from '@resvg/resvg-js';
import { instance } from '@viz-js/viz';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const sourceDir = join(repoRoot, 'docs/diagrams');

export interface Diagram {
  name: string;
  dotPath: string;
  svgPath: string;
  pngPath: string;
}

/** The SVG sits beside its source; the PNG the documents show is docs/<name>.png. */
export function diagrams(dir = sourceDir): Diagram[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.dot'))
    .sort()
    .map((file) => {
      const name = basename(file, '.dot');
      return { name, dotPath: join(dir, file), svgPath: join(dir, `${name}.svg`), pngPath: join(repoRoot, 'docs', `${name}.png`) };
    });
}

export class DiagramSyntaxError extends Error {
  constructor(readonly file: string, readonly messages: string[]) {
    super(`${file}: Graphviz could not lay it out (${messages.join('; ')}); fix the DOT source and run npm run docs:diagrams`);
    this.name = 'DiagramSyntaxError';
  }
}

export async function dotToSvg(dot: string, file = 'diagram.dot'): Promise<string> {
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  const errors = result.errors.filter((e) => e.level === 'error');
  if (result.status !== 'success' || errors.length > 0) throw new DiagramSyntaxError(file, result.errors.map((e) => e.message.trim()));
  return result.output;
}

// Graphviz sizes labels with Helvetica's metrics. Where Helvetica is absent (Linux, CI) DejaVu Sans Condensed is
// the closest in width, so the PNG's text stays inside its boxes; the committed SVG keeps Graphviz's own fonts.
const helvetica = /font-family="Helvetica,sans-Serif"/g;
const condensed = 'font-family="Helvetica, DejaVu Sans, sans-serif" font-stretch="condensed"';

export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg.replace(helvetica, condensed), {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export async function renderAll(list = diagrams()): Promise<Diagram[]> {
  for (const diagram of list) {
    const svg = await dotToSvg(readFileSync(diagram.dotPath, 'utf8'), diagram.dotPath);
    writeFileSync(diagram.svgPath, svg);
    writeFileSync(diagram.pngPath, svgToPng(svg));
  }
  return list;
}
