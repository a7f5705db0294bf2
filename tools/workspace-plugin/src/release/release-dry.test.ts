import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRelease, formatReport } from './release-dry.js';

describe('checkRelease', () => {
  let root: string;
  const write = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'release-dry-'));
    write('package.json', { name: 'root', private: true, workspaces: ['packages/*', 'apps/*'] });
    const tags = { nx: { tags: ['type:core', 'scope:publishable'] } };
    write('packages/core/package.json', { name: '@enterprise-mcp/core', version: '0.2.0', ...tags });
    write('packages/widgets/package.json', {
      name: '@enterprise-mcp/widgets',
      version: '0.1.0',
      dependencies: { '@enterprise-mcp/core': '^0.1.0' },
      ...tags,
    });
    write('apps/server/package.json', { name: '@enterprise-mcp/server', version: '0.0.0', private: true });
    write('packages/stray/package.json', { name: '@enterprise-mcp/stray', version: '0.1.0', nx: { tags: ['type:server-lib'] } });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks only publishable packages, with their packed files and internal ranges', () => {
    const packed = ['package.json', 'README.md', 'LICENSE', 'dist/index.js'];
    const reports = checkRelease(root, (pkg) => ({
      files: (pkg.manifest.name.endsWith('core') ? packed : [...packed, 'src/index.ts']).map((path) => ({ path })),
      size: 2048,
      unpackedSize: 4096,
    }));
    expect(reports.map((r) => [r.name, r.problems])).toEqual([
      ['@enterprise-mcp/core', []],
      [
        '@enterprise-mcp/widgets',
        ['unexpected file src/index.ts', 'dependencies.@enterprise-mcp/core "^0.1.0" does not accept its version 0.2.0'],
      ],
      [
        '@enterprise-mcp/stray',
        ['is not private, so changeset publish would publish it, but is not tagged scope:publishable; mark it private or tag it'],
      ],
    ]);
    const text = formatReport(reports);
    expect(text).toContain('ok   @enterprise-mcp/core@0.2.0 (packages/core): 4 files, 2.0 kB packed');
    expect(text).toContain('FAIL @enterprise-mcp/widgets@0.1.0');
    expect(text).toContain('2 of 3 packages cannot be published as they are.');
  });
});
