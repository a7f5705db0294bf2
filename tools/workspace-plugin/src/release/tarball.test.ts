import { describe, expect, it } from '@jest/globals';
import { exportTargets, internalRangeProblems, tarballProblems } from './tarball.js';

const manifest = {
  name: '@enterprise-mcp/widgets',
  version: '0.2.0',
  exports: {
    '.': { '@enterprise-mcp/source': './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
    './package.json': './package.json',
  },
};
const good = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'];

describe('tarballProblems', () => {
  it('accepts exactly dist, README.md, LICENSE and package.json', () => {
    expect(tarballProblems(good, manifest)).toEqual([]);
  });

  it('names every missing required file', () => {
    expect(tarballProblems(['package.json', 'dist/index.js', 'dist/index.d.ts'], manifest)).toEqual([
      'missing README.md',
      'missing LICENSE',
    ]);
  });

  it('fails an unbuilt package and names the export targets it lacks', () => {
    expect(tarballProblems(['package.json', 'README.md', 'LICENSE'], manifest)).toEqual([
      'missing dist/ (was the package built?)',
      'exports point at dist/index.d.ts, which is not in the tarball',
      'exports point at dist/index.js, which is not in the tarball',
    ]);
  });

  it('rejects sources, tests, env files and build info', () => {
    const extra = ['src/index.ts', 'dist/index.test.js', '.env', 'dist/.env.production', 'dist/tsconfig.lib.tsbuildinfo', 'CHANGELOG.draft'];
    expect(tarballProblems([...good, ...extra], manifest)).toEqual(extra.map((file) => `unexpected file ${file}`));
  });
});

describe('exportTargets', () => {
  it('collects every condition except the workspace source one, and skips patterns', () => {
    expect(exportTargets({ ...manifest.exports, './*': './dist/*.js' })).toEqual(['dist/index.d.ts', 'dist/index.js', 'package.json']);
    expect(exportTargets('./dist/main.js')).toEqual(['dist/main.js']);
  });
});

describe('internalRangeProblems', () => {
  const versions = new Map<string, string | null>([
    ['@enterprise-mcp/core', '0.3.1'],
    ['@enterprise-mcp/server', null],
  ]);

  it('accepts ranges that take the current version', () => {
    expect(internalRangeProblems({ ...manifest, dependencies: { '@enterprise-mcp/core': '^0.3.0', zod: '^4' } }, versions)).toEqual([]);
  });

  it('flags stale, unresolvable, private and unknown internal dependencies', () => {
    const problems = internalRangeProblems(
      {
        ...manifest,
        dependencies: { '@enterprise-mcp/core': '^0.2.0', '@enterprise-mcp/server': '^0.1.0' },
        peerDependencies: { '@enterprise-mcp/core': 'workspace:*', '@enterprise-mcp/nope': '^1.0.0' },
      },
      versions,
    );
    expect(problems).toEqual([
      'dependencies.@enterprise-mcp/core "^0.2.0" does not accept its version 0.3.1',
      'dependencies.@enterprise-mcp/server is not publishable (private or not tagged scope:publishable)',
      'peerDependencies.@enterprise-mcp/core has "workspace:*", not a semver range npm can resolve',
      'peerDependencies.@enterprise-mcp/nope is not a package of this workspace',
    ]);
  });
});
