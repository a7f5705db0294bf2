import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { STYLES } from './styles.js';

export interface Asset {
  /** `/console/assets/<name>.<hash>.<ext>`: the hash changes with the content, so it may be cached for a year. */
  path: string;
  body: string;
  type: string;
}

function asset(name: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/console/assets/${name}.${hash}.${ext}`, body, type };
}

/** htmx from its npm package (vendored at install, never from a CDN) and the one stylesheet. */
export function loadAssets(): { htmx: Asset; css: Asset; byPath: Map<string, Asset> } {
  const require = createRequire(import.meta.url);
  const htmx = asset('htmx', 'js', 'text/javascript; charset=utf-8', readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'));
  const css = asset('console', 'css', 'text/css; charset=utf-8', STYLES);
  return { htmx, css, byPath: new Map([htmx, css].map((a) => [a.path, a])) };
}
