import { relative } from 'node:path';
import { renderAll, repoRoot } from './render.js';

for (const diagram of await renderAll()) {
  console.log(`${relative(repoRoot, diagram.dotPath)} -> ${relative(repoRoot, diagram.svgPath)}, ${relative(repoRoot, diagram.pngPath)}`);
}
