/** Prints what a browser downloads for the console besides its HTML: every JS and CSS asset, raw and gzipped. */
import { gzipSync } from 'node:zlib';
import { loadAssets } from '../src/assets.js';

const { htmx, css } = loadAssets();
let raw = 0;
let gzip = 0;
for (const asset of [htmx, css]) {
  const bytes = Buffer.byteLength(asset.body);
  const zipped = gzipSync(asset.body, { level: 9 }).length;
  raw += bytes;
  gzip += zipped;
  console.log(`${asset.path.padEnd(44)} ${String(bytes).padStart(7)} B  ${String(zipped).padStart(6)} B gzip`);
}
console.log(`${'total (JS + CSS)'.padEnd(44)} ${String(raw).padStart(7)} B  ${String(gzip).padStart(6)} B gzip`);
