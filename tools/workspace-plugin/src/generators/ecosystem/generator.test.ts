import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ecosystemGenerator } from './generator.js';

const generate = (tree: Tree, name: string, extra: Record<string, unknown> = {}) =>
  ecosystemGenerator(tree, { name, skipInstall: true, skipFormat: true, ...extra });

describe('ecosystem generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('LICENSE', 'MIT License\n');
    tree.write('packages/core/package.json', JSON.stringify({ name: '@enterprise-mcp/core', version: '0.3.0' }));
  });

  it('creates the package with the ecosystem layout', async () => {
    await generate(tree, 'acme-crm', { displayName: 'Acme CRM' });
    const root = 'packages/acme-crm';
    for (const file of [
      'package.json', 'README.md', 'LICENSE', 'tsconfig.json', 'tsconfig.lib.json', 'jest.config.js',
      'src/index.ts', 'src/client.ts', 'src/errors.ts', 'src/items.tools.ts', 'src/ecosystem.ts', 'src/register.ts',
      'src/testing/index.ts', 'src/testing/fake.ts',
      'src/client.test.ts', 'src/items.tools.test.ts', 'src/ecosystem.test.ts', 'src/register.test.ts',
    ]) {
      expect(tree.exists(`${root}/${file}`)).toBe(true);
    }
    expect(tree.exists('.changeset/acme-crm-package.md')).toBe(true);
    expect(tree.read('.changeset/acme-crm-package.md', 'utf-8')).toContain('"@enterprise-mcp/acme-crm": minor');
  });

  it('derives names, env vars and tool prefix from a hyphenated name', async () => {
    await generate(tree, 'acme-crm', { displayName: 'Acme CRM', baseUrl: 'https://crm.acme.test/api/v2/' });
    const ecosystem = tree.read('packages/acme-crm/src/ecosystem.ts', 'utf-8') ?? '';
    expect(ecosystem).toContain("id: 'acme_crm'");
    expect(ecosystem).toContain("apiKey: 'ACME_CRM_API_KEY', baseUrl: 'ACME_CRM_BASE_URL'");
    expect(tree.read('packages/acme-crm/src/items.tools.ts', 'utf-8')).toContain("name: 'acme_crm_list_items'");
    expect(tree.read('packages/acme-crm/src/register.ts', 'utf-8')).toContain('export function registerAcmeCrmTools(');
    expect(tree.read('packages/acme-crm/src/client.ts', 'utf-8')).toContain("= 'https://crm.acme.test/api/v2'");
    expect(tree.read('packages/acme-crm/src/testing/fake.ts', 'utf-8')).toContain("basePath: '/api/v2'");
    expect(tree.read('packages/acme-crm/src/testing/fake.ts', 'utf-8')).not.toMatch(/<%|%>/);
  });

  it('writes a publishable package.json with exports, tags and the core range', async () => {
    await generate(tree, 'widgets');
    const pkg = readJson(tree, 'packages/widgets/package.json');
    expect(pkg.name).toBe('@enterprise-mcp/widgets');
    expect(pkg.dependencies).toEqual({ '@enterprise-mcp/core': '^0.3.0' });
    expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE']);
    expect(Object.keys(pkg.exports)).toEqual(['.', './testing', './package.json']);
    expect(pkg.exports['./testing']['@enterprise-mcp/source']).toBe('./src/testing/index.ts');
    expect(pkg.nx.tags).toEqual(['type:ecosystem', 'scope:publishable']);
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(tree.read('packages/widgets/LICENSE', 'utf-8')).toBe('MIT License\n');
  });

  it('uses an access token for --auth oauth2', async () => {
    await generate(tree, 'widgets', { auth: 'oauth2' });
    const ecosystem = tree.read('packages/widgets/src/ecosystem.ts', 'utf-8') ?? '';
    expect(ecosystem).toContain("type: 'oauth2'");
    expect(ecosystem).toContain("accessToken: 'WIDGETS_ACCESS_TOKEN'");
    expect(tree.read('packages/widgets/src/client.ts', 'utf-8')).toContain('accessToken: string;');
  });

  it.each(['Acme', '1password', 'acme_crm', 'acme--crm', '-acme', 'acme-', 'ac me', ''])('rejects the name %j', async (name) => {
    await expect(generate(tree, name)).rejects.toThrow(/lowercase letters, digits and single hyphens/);
    expect(tree.exists(`packages/${name}`)).toBe(name === '');
  });

  it('rejects a name whose folder exists', async () => {
    tree.write('packages/widgets/README.md', 'taken');
    await expect(generate(tree, 'widgets')).rejects.toThrow('packages/widgets already exists');
  });

  it('rejects a name another package already uses', async () => {
    tree.write('packages/other/package.json', JSON.stringify({ name: '@enterprise-mcp/widgets' }));
    await expect(generate(tree, 'widgets')).rejects.toThrow('already uses the name @enterprise-mcp/widgets');
  });

  it('rejects an ecosystem id another package already defines', async () => {
    tree.write('packages/legacy/package.json', JSON.stringify({ name: '@enterprise-mcp/legacy' }));
    tree.write('packages/legacy/src/ecosystem.ts', "defineEcosystem({ id: 'acme_crm' })");
    await expect(generate(tree, 'acme-crm')).rejects.toThrow('already defines the ecosystem id "acme_crm"');
  });

  it('rejects a base URL that is not http(s)', async () => {
    await expect(generate(tree, 'widgets', { baseUrl: 'api.widgets.com' })).rejects.toThrow('Invalid --base-url');
  });

  describe('server wiring', () => {
    const ecosystems = [
      "import type { AnyEcosystem } from '@enterprise-mcp/core';",
      "import { cloudflareEcosystem } from '@enterprise-mcp/cloudflare';",
      '',
      '/** Every ecosystem the server can serve. */',
      'export const ecosystems: AnyEcosystem[] = [',
      '  cloudflareEcosystem,',
      '];',
      '',
    ].join('\n');

    it('adds the ecosystem to the server list, its dependency and .env.example', async () => {
      tree.write('apps/server/src/ecosystems.ts', ecosystems);
      tree.write('apps/server/package.json', JSON.stringify({ name: '@enterprise-mcp/server', dependencies: { zod: '^4' } }));
      tree.write('.env.example', 'PORT=3000\n');
      const done = await generate(tree, 'acme-crm');
      done();
      const source = tree.read('apps/server/src/ecosystems.ts', 'utf-8') ?? '';
      expect(source).toContain("import { acmeCrmEcosystem } from '@enterprise-mcp/acme-crm';");
      expect(source).toContain('  cloudflareEcosystem,\n  acmeCrmEcosystem,\n];');
      expect(readJson(tree, 'apps/server/package.json').dependencies).toEqual({
        '@enterprise-mcp/acme-crm': '^0.1.0',
        zod: '^4',
      });
      expect(tree.read('.env.example', 'utf-8')).toBe(
        'PORT=3000\n\n# Acme Crm (enabled when ACME_CRM_API_KEY is set)\n# ACME_CRM_API_KEY=\n# ACME_CRM_BASE_URL=\n',
      );
    });

    it('adds to a one-line list', async () => {
      tree.write('apps/server/src/ecosystems.ts', "import { a } from 'a';\nexport const ecosystems = [a];\n");
      await generate(tree, 'widgets');
      expect(tree.read('apps/server/src/ecosystems.ts', 'utf-8')).toBe(
        "import { a } from 'a';\nimport { widgetsEcosystem } from '@enterprise-mcp/widgets';\nexport const ecosystems = [a, widgetsEcosystem];\n",
      );
    });

    it('skips with a message when the server does not exist, and still creates the package', async () => {
      const done = await generate(tree, 'widgets');
      expect(tree.exists('apps/server/src/ecosystems.ts')).toBe(false);
      expect(tree.exists('.env.example')).toBe(false);
      expect(tree.exists('packages/widgets/src/index.ts')).toBe(true);
      const info = jest.spyOn(logger, 'info').mockImplementation(() => {});
      try {
        done();
        const said = info.mock.calls.map((args) => String(args[0]));
        expect(said).toContain('Skipped server wiring: apps/server/src/ecosystems.ts does not exist yet. Add widgetsEcosystem there by hand later.');
        expect(said).toContain('Skipped .env.example: the file does not exist. Variables: WIDGETS_API_KEY, WIDGETS_BASE_URL.');
      } finally {
        info.mockRestore();
      }
    });

    it('leaves the server alone with --skip-wiring', async () => {
      tree.write('apps/server/src/ecosystems.ts', ecosystems);
      await generate(tree, 'widgets', { skipWiring: true });
      expect(tree.read('apps/server/src/ecosystems.ts', 'utf-8')).toBe(ecosystems);
    });
  });
});
