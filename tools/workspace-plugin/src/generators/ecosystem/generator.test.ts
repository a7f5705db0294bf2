import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { HOUSE_STYLE, loadPrettier } from './format.js';
import { ecosystemGenerator } from './generator.js';

const generate = (tree: Tree, name: string, extra: Record<string, unknown> = {}) =>
  ecosystemGenerator(tree, { name, skipInstall: true, skipFormat: true, ...extra });

/** The generated files under `root`, by path relative to it. */
function filesUnder(tree: Tree, root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const change of tree.listChanges()) {
    if (change.path.startsWith(`${root}/`)) files.set(change.path.slice(root.length + 1), change.content?.toString('utf-8') ?? '');
  }
  return files;
}

describe('ecosystem generator', () => {
  let tree: Tree;
  const read = (path: string) => tree.read(path, 'utf-8') ?? '';

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    // Like this workspace, the tree configures no formatter (the empty workspace comes with oxfmt's).
    tree.delete('.oxfmtrc.json');
    tree.write('LICENSE', 'MIT License\n');
    tree.write('packages/core/package.json', JSON.stringify({ name: '@enterprise-mcp/core', version: '0.3.0' }));
  });

  it.each(['api-key', 'oauth2'])('creates the package in the target shape (--auth %s)', async (auth) => {
    await generate(tree, 'acme-crm', { displayName: 'Acme CRM', auth });
    expect([...filesUnder(tree, 'packages/acme-crm').keys()].sort()).toEqual([
      'LICENSE',
      'README.md',
      'jest.config.js',
      'package.json',
      'src/client.test.ts',
      'src/client.ts',
      'src/ecosystem.test.ts',
      'src/ecosystem.ts',
      'src/errors.ts',
      'src/index.ts',
      'src/items.api.ts',
      'src/items.tools.test.ts',
      'src/items.tools.ts',
      'src/register.test.ts',
      'src/register.ts',
      'src/testing/fake.ts',
      'src/testing/index.ts',
      'src/tool.ts',
      'tsconfig.json',
      'tsconfig.lib.json',
    ]);
    expect(read('.changeset/acme-crm-package.md')).toContain('"@enterprise-mcp/acme-crm": minor');
    expect(read('.changeset/acme-crm-package.md')).toContain('`startFake` from `@enterprise-mcp/acme-crm/testing`');
  });

  it('derives names, variables, URLs and the tool prefix from a hyphenated name', async () => {
    await generate(tree, 'acme-crm', { displayName: 'Acme CRM', baseUrl: 'https://crm.acme.test/api/v2/' });
    const ecosystem = read('packages/acme-crm/src/ecosystem.ts');
    expect(ecosystem).toContain("id: 'acme_crm'");
    expect(ecosystem).toContain("envPrefix: 'ACME_CRM'");
    expect(ecosystem).toContain("env: { apiKey: 'ACME_CRM_API_KEY' }");
    expect(read('packages/acme-crm/src/items.tools.ts')).toContain("name: 'acme_crm_list_items'");
    expect(read('packages/acme-crm/src/register.ts')).toContain('export function registerAcmeCrmTools(');
    expect(read('packages/acme-crm/src/client.ts')).toContain("production: 'https://crm.acme.test/api/v2'");
    expect(read('packages/acme-crm/src/client.ts')).toContain("sandbox: 'https://sandbox.crm.acme.test/api/v2'");
    expect(read('packages/acme-crm/src/testing/fake.ts')).toContain("basePath: '/api/v2'");
  });

  it('has one tool definer, in src/tool.ts, used by the tools file, and the API calls beside it', async () => {
    await generate(tree, 'acme-crm');
    const files = filesUnder(tree, 'packages/acme-crm');
    expect(files.get('src/tool.ts')).toContain('export const acmeCrmTool = toolDefinerFor<AcmeCrmClient>();');
    const definers = [...files].filter(([, text]) => /toolDefinerFor<|defineTool\(/.test(text)).map(([path]) => path);
    expect(definers).toEqual(['src/tool.ts']);
    expect(files.get('src/items.tools.ts')).toContain("import { acmeCrmTool } from './tool.js';");
    expect(files.get('src/items.tools.ts')).toContain("from './items.api.js';");
    expect(files.get('src/items.api.ts')).toMatch(/export function listItems\(\s*client: AcmeCrmClient,/);
    expect(files.get('src/items.tools.ts')).not.toContain('ctx.client.request');
  });

  it.each(['api-key', 'oauth2'])('tests through core/testing only: toolHarness, startFake, strictSchemaProblems (--auth %s)', async (auth) => {
    await generate(tree, 'acme-crm', { auth });
    const files = filesUnder(tree, 'packages/acme-crm');
    expect(files.get('src/testing/index.ts')).toMatch(/\bstartFake,/);
    expect(files.get('src/testing/fake.ts')).toContain('export interface AcmeCrmFake extends RunningFake<AcmeCrmModes>');
    for (const test of ['src/items.tools.test.ts', 'src/client.test.ts']) expect(files.get(test)).toContain('toolHarness(acmeCrmEcosystem, ');
    expect(files.get('src/items.tools.test.ts')).toContain("'acme_crm_get_item', { id: 'item_404' }");
    expect(files.get('src/register.test.ts')).toContain('expect(strictSchemaProblems(acmeCrmEcosystem.tools)).toEqual([]);');
    const everything = [...files.values()].join('\n');
    expect(everything).not.toMatch(/startAcmeCrmFake|runTool\(|test-harness/);
  });

  it('gives --auth api-key one key mode with a credential and a single connection', async () => {
    await generate(tree, 'widgets');
    const ecosystem = read('packages/widgets/src/ecosystem.ts');
    expect(ecosystem).toContain("authModes: {\n    key: {\n      kind: 'api-key',");
    expect(ecosystem).toContain('credential: (config) => config.apiKey,');
    expect(ecosystem).not.toMatch(/oauth|connections:/);
    expect(read('packages/widgets/src/testing/fake.ts')).toContain("configs: { key: { apiKey: FAKE_API_KEY, baseUrl: server.url } }");
    expect(read('packages/widgets/src/client.test.ts')).toContain('without retrying a key that cannot refresh');
  });

  it('gives --auth oauth2 an oauth mode with client variables, marked placeholders, many connections and a token fake', async () => {
    await generate(tree, 'widgets', { auth: 'oauth2', baseUrl: 'https://api.widgets.test/v3' });
    const ecosystem = read('packages/widgets/src/ecosystem.ts');
    expect(ecosystem).toContain("authModes: {\n    oauth: {\n      kind: 'oauth2',");
    expect(ecosystem).toContain("env: { clientId: 'WIDGETS_CLIENT_ID', clientSecret: 'WIDGETS_CLIENT_SECRET' }");
    expect(ecosystem).toMatch(/\/\/ Placeholder: .*\n\s+authorizationUrl: 'https:\/\/api\.widgets\.test\/oauth\/authorize',\n\s+tokenUrl: 'https:\/\/api\.widgets\.test\/oauth\/token',/);
    expect(ecosystem).toMatch(/\/\/ Placeholder: .*\n\s+scopes: \[/);
    expect(ecosystem).not.toContain('credential:');
    expect(ecosystem).toContain("connections: 'many',");
    const fake = read('packages/widgets/src/testing/fake.ts');
    expect(fake).toContain('token: tokens.provider,');
    expect(fake).toContain('expireTokens(): void;');
    expect(read('packages/widgets/src/client.test.ts')).toContain('refreshes it once and retries once');
    expect(read('packages/widgets/src/register.test.ts')).toContain('token: fake.token');
    const everything = [...filesUnder(tree, 'packages/widgets').values()].join('\n');
    expect(everything).not.toMatch(/ACCESS_TOKEN|accessToken/);
  });

  it.each(['api-key', 'oauth2'])('writes formatted files (--auth %s)', async (auth) => {
    await generate(tree, 'acme-crm-enterprise-suite', { auth, skipFormat: false });
    const prettier = loadPrettier();
    for (const [path, text] of filesUnder(tree, 'packages/acme-crm-enterprise-suite')) {
      expect({ path, leftovers: text.match(/<%|%>|[ \t]+$|\n\n\n/m)?.[0] }).toEqual({ path, leftovers: undefined });
      if (!/\.(ts|js|json)$/.test(path)) continue;
      expect({ path, text }).toEqual({ path, text: await prettier.format(text, { ...HOUSE_STYLE, filepath: path }) });
    }
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
    expect(read('packages/widgets/LICENSE')).toBe('MIT License\n');
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

  it.each(["Bob's CRM", 'Acme "CRM"', 'AT&T', '  '])('rejects the display name %j, which the source could not carry', async (displayName) => {
    await expect(generate(tree, 'widgets', { displayName })).rejects.toThrow('Invalid --display-name');
    expect(tree.exists('packages/widgets')).toBe(false);
  });

  it('rejects a base URL that is not http(s)', async () => {
    await expect(generate(tree, 'widgets', { baseUrl: 'api.widgets.com' })).rejects.toThrow('Invalid --base-url');
  });

  describe('documents', () => {
    const readme = ['| Package | What it holds |', '| --- | --- |', '| [`@enterprise-mcp/core`](packages/core) | the contract |', '| [`@enterprise-mcp/cloudflare`](packages/cloudflare) | Cloudflare |', '| [`apps/server`](apps/server) | the server |', ''].join('\n');
    const architecture = [
      '```mermaid',
      '  subgraph ecosystems',
      '    cloudflare["packages/cloudflare"]',
      '    ghl["packages/ghl"]',
      '  end',
      '  cloudflare & ghl --> core',
      '```',
      '',
    ].join('\n');
    const platformRow = ['| Project | Job |', '| --- | --- |', '| `packages/core` | the contract |', '| `packages/cloudflare`, `packages/ghl` | one package per platform |', ''].join('\n');

    it('names the new package where README, ARCHITECTURE, SECURITY and CONTRIBUTING list the platform packages', async () => {
      tree.write('README.md', readme);
      tree.write('ARCHITECTURE.md', architecture);
      tree.write('SECURITY.md', platformRow);
      tree.write('CONTRIBUTING.md', platformRow);
      await generate(tree, 'acme-crm');
      expect(read('README.md')).toContain(
        '| [`@enterprise-mcp/cloudflare`](packages/cloudflare) | Cloudflare |\n| [`@enterprise-mcp/acme-crm`](packages/acme-crm) | Acme Crm: scaffolded by the ecosystem generator (say what its tools reach) |\n| [`apps/server`]',
      );
      expect(read('ARCHITECTURE.md')).toContain('    ghl["packages/ghl"]\n    acme_crm["packages/acme-crm"]\n  end\n  cloudflare & ghl & acme_crm --> core\n');
      for (const doc of ['SECURITY.md', 'CONTRIBUTING.md']) {
        expect(read(doc)).toContain('| `packages/cloudflare`, `packages/ghl`, `packages/acme-crm` | one package per platform |');
        expect(read(doc)).toContain('| `packages/core` | the contract |');
      }
    });

    it("finds the lists in this workspace's own documents", async () => {
      const root = new URL('../../../../../', import.meta.url);
      const docs = ['README.md', 'ARCHITECTURE.md', 'SECURITY.md', 'CONTRIBUTING.md', 'docs/diagrams/architecture.dot'];
      for (const doc of docs) tree.write(doc, readFileSync(new URL(doc, root), 'utf-8'));
      tree.write('apps/server/src/ecosystems.ts', 'export const ecosystems = [];\n');
      tree.write('apps/server/package.json', JSON.stringify({ name: '@enterprise-mcp/server' }));
      await generate(tree, 'acme-crm');
      expect(docs.filter((doc) => !read(doc).includes('packages/acme-crm'))).toEqual([]);
      expect(read('ARCHITECTURE.md')).toMatch(/^ {2}cloudflare & .* & acme_crm --> core$/m);
      expect(read('ARCHITECTURE.md')).toMatch(/^ {2}server --> .* & acme_crm & core$/m);
      expect(read('docs/diagrams/architecture.dot')).toMatch(/^ {2}\{ cloudflare .* acme_crm \} -> core/m);
      expect(read('docs/diagrams/architecture.dot')).toMatch(/^ {2}server -> \{ cloudflare .* acme_crm \}$/m);

      await generate(tree, 'widgets', { skipWiring: true });
      expect(read('ARCHITECTURE.md')).toMatch(/^ {2}cloudflare & .* & acme_crm & widgets --> core$/m);
      expect(read('ARCHITECTURE.md')).not.toMatch(/^ {2}server --> .*widgets/m);
    });

    const dot = [
      'digraph {',
      '  subgraph cluster_ecosystems {',
      '    cloudflare [label="packages/cloudflare"]',
      '    ghl        [label="packages/ghl"]',
      '    { rank=same; cloudflare ghl }',
      '  }',
      '  server -> { audit tenancy }',
      '  server -> { cloudflare ghl }',
      '  { cloudflare ghl } -> core [color="#c08000"]',
      '}',
      '',
    ].join('\n');

    it('draws the package in architecture.dot, with the server edge only when the server depends on it', async () => {
      tree.write('docs/diagrams/architecture.dot', dot);
      tree.write('apps/server/src/ecosystems.ts', 'export const ecosystems = [];\n');
      tree.write('apps/server/package.json', JSON.stringify({ name: '@enterprise-mcp/server' }));
      await generate(tree, 'acme-crm');
      const drawn = read('docs/diagrams/architecture.dot');
      expect(drawn).toContain('    ghl        [label="packages/ghl"]\n    acme_crm [label="packages/acme-crm"]\n    { rank=same; cloudflare ghl acme_crm }\n');
      expect(drawn).toContain('  server -> { audit tenancy }\n  server -> { cloudflare ghl acme_crm }\n');
      expect(drawn).toContain('  { cloudflare ghl acme_crm } -> core [color="#c08000"]\n');

      await generate(tree, 'widgets', { skipWiring: true });
      const unwired = read('docs/diagrams/architecture.dot');
      expect(unwired).toContain('  server -> { cloudflare ghl acme_crm }\n');
      expect(unwired).toContain('  { cloudflare ghl acme_crm widgets } -> core');
    });

    it("adds a package whose name begins another package's name", async () => {
      tree.write('SECURITY.md', platformRow.replace('`packages/ghl`', '`packages/ghl`, `packages/acme-crm`'));
      await generate(tree, 'acme');
      expect(read('SECURITY.md')).toContain('| `packages/cloudflare`, `packages/ghl`, `packages/acme-crm`, `packages/acme` | one package per platform |');
    });

    it('says what to add by hand when a document has no list of the platform packages', async () => {
      tree.write('SECURITY.md', '# Security\n\nNo table here.\n');
      const done = await generate(tree, 'widgets');
      expect(read('SECURITY.md')).toBe('# Security\n\nNo table here.\n');
      const info = jest.spyOn(logger, 'info').mockImplementation(() => {});
      try {
        done();
        expect(info.mock.calls.map((args) => String(args[0]))).toContain(
          "Skipped SECURITY.md: found no list of the platform packages. Name packages/widgets there by hand (npm test's docs check asks for it).",
        );
      } finally {
        info.mockRestore();
      }
    });
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
        'PORT=3000\n\n# Acme Crm (enabled when ACME_CRM_API_KEY is set)\n# ACME_CRM_API_KEY=\n# ACME_CRM_ENVIRONMENT=\n# ACME_CRM_BASE_URL=\n',
      );
    });

    it('adds the OAuth client variables to .env.example for --auth oauth2', async () => {
      tree.write('.env.example', 'PORT=3000\n');
      await generate(tree, 'widgets', { auth: 'oauth2' });
      expect(read('.env.example')).toBe(
        'PORT=3000\n\n# Widgets (enabled when WIDGETS_CLIENT_ID is set)\n# WIDGETS_CLIENT_ID=\n# WIDGETS_CLIENT_SECRET=\n# WIDGETS_ENVIRONMENT=\n# WIDGETS_BASE_URL=\n',
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
        expect(said).toContain('Skipped .env.example: the file does not exist. Variables: WIDGETS_API_KEY, WIDGETS_ENVIRONMENT, WIDGETS_BASE_URL.');
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
