import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createConsumerProject, expectOk, pack, runConsumerScript, type ConsumerProject } from './consumer-project.js';
import { WORKSPACE_ROOT, bin, inBatches, publishablePackages, run } from './workspace.js';

const publishable = publishablePackages();
const byName = (name: string) => {
  const found = publishable.find((p) => p.name === name);
  if (!found) throw new Error(`${name} is not tagged scope:publishable`);
  return found;
};

/** The ecosystem packages a user installs next to core; each is checked with both SDK lines. */
const ECOSYSTEMS = ['cloudflare', 'ghl', 'godaddy', 'quickbooks', 'google', 'amazon'];

let packDir: string;
/** One `npm pack` per package, shared by publint, attw and the consumer project. */
let tarballOf: Map<string, string>;
let consumer: ConsumerProject | undefined;

/** Under `nx run package-smoke:test` the target's `dependsOn: ^build` has just built every publishable package. */
const builtByNx = process.env['NX_TASK_TARGET_PROJECT'] === '@enterprise-mcp/package-smoke' && process.env['NX_TASK_TARGET_TARGET'] === 'test';

beforeAll(async () => {
  // Run directly (plain jest), the packages are built here; a second build under Nx would redo all of
  // them in CI, where NX_SKIP_NX_CACHE makes the inner Nx ignore the outputs the outer one just wrote.
  if (!builtByNx) {
    const build = await run(bin('nx'), ['run-many', '-t', 'build', '-p', ...publishable.map((p) => p.name), '--outputStyle=static'], {
      cwd: WORKSPACE_ROOT,
    });
    expectOk(build, 'building the publishable packages');
  }
  packDir = mkdtempSync(join(tmpdir(), 'emcp-pack-'));
  const tarballs = await inBatches(publishable, 2, (pkg) => pack(pkg, packDir));
  tarballOf = new Map(publishable.map((pkg, index) => [pkg.name, tarballs[index]!]));
});

afterAll(() => {
  consumer?.remove();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe('publishable packages', () => {
  it('are discovered by their scope:publishable tag, dependencies first', () => {
    const names = publishable.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@enterprise-mcp/core', '@enterprise-mcp/cloudflare']));
    expect(names.indexOf('@enterprise-mcp/core')).toBeLessThan(names.indexOf('@enterprise-mcp/cloudflare'));
  });

  it('pass publint and attw (esm-only profile)', async () => {
    const results = await inBatches(publishable, 2, async (pkg) => {
      const tarball = tarballOf.get(pkg.name)!;
      const publint = await run(bin('publint'), ['--strict', tarball], { cwd: WORKSPACE_ROOT });
      const attw = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], { cwd: WORKSPACE_ROOT });
      return { pkg: relative(WORKSPACE_ROOT, pkg.dir), publint, attw };
    });
    const failures = results
      .flatMap(({ pkg, publint, attw }) => [
        publint.code !== 0 ? `publint ${pkg}:\n${publint.stdout}${publint.stderr}` : '',
        attw.code !== 0 ? `attw ${pkg}:\n${attw.stdout}${attw.stderr}` : '',
      ])
      .filter(Boolean);
    expect(failures).toEqual([]);
  });
});

describe('the README snippets, from the packed tarballs in a project outside the workspace', () => {
  interface Report {
    registered: string[];
    fakeUrl: string;
    tools: Array<{ name: string; annotations?: Record<string, unknown>; inputProperties: string[]; hasOutputSchema: boolean }>;
    read: { isError: boolean; structuredContent: { records: Array<{ name: string; content: string }>; totalCount: number } };
    write: { isError: boolean; structuredContent: { record: { id: string; name: string; content: string; ttl: number } } };
    duplicate: { isError: boolean; content: Array<{ text: string }> };
    fakeRecords: string[];
  }
  let report: Report;

  beforeAll(async () => {
    // Every ecosystem package is installed once here; the snippets use Cloudflare, the last block all of them.
    const tarballs = ['@enterprise-mcp/core', ...ECOSYSTEMS.map((id) => `@enterprise-mcp/${id}`)].map((name) => tarballOf.get(byName(name).name)!);
    consumer = await createConsumerProject(tarballs);
    expect(relative(WORKSPACE_ROOT, consumer.dir)).toMatch(/^\.\./);
    const script = await runConsumerScript(consumer, join(import.meta.dirname, '../fixtures/consumer.ts'), {
      CLOUDFLARE_API_TOKEN: 'placeholder-token-for-registration-only',
    });
    expectOk(script, 'the consumer script');
    report = JSON.parse(script.stdout.trim().split('\n').at(-1)!) as Report;
  });

  it('installs our packages from the tarballs, not from the workspace', async () => {
    const list = await run('npm', ['ls', '--json', '--depth=0'], { cwd: consumer!.dir });
    const deps = (JSON.parse(list.stdout) as { dependencies: Record<string, { resolved?: string; version: string }> }).dependencies;
    expect(deps['@enterprise-mcp/cloudflare']!.resolved).toMatch(/^file:.*enterprise-mcp-cloudflare-0\.1\.0\.tgz$/);
    expect(deps['@enterprise-mcp/core']!.resolved).toMatch(/^file:.*enterprise-mcp-core-0\.1\.0\.tgz$/);
    expect(deps['@modelcontextprotocol/sdk']!.version).toBe('1.32.2');
  });

  it('registers the tools with names, annotations and schemas', () => {
    expect(report.registered).toContain('cloudflare_list_dns_records');
    expect(report.tools.map((t) => t.name)).toEqual(report.registered);
    for (const tool of report.tools) {
      expect(tool.name).toMatch(/^cloudflare_[a-z]+_[a-z_]+$/);
      expect(tool.annotations).toEqual(expect.objectContaining({ readOnlyHint: expect.any(Boolean), title: expect.any(String) }));
      expect(tool.inputProperties.length).toBeGreaterThan(0);
      expect(tool.hasOutputSchema).toBe(true);
    }
    expect(report.tools.find((t) => t.name === 'cloudflare_delete_dns_record')!.annotations).toMatchObject({ destructiveHint: true });
  });

  it('calls a read tool and a write tool against the fake', () => {
    expect(report.fakeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(report.read.isError).toBe(false);
    expect(report.read.structuredContent.records.map((r) => r.name)).toEqual(['example.com', 'mail.example.com']);
    expect(report.write.isError).toBe(false);
    expect(report.write.structuredContent.record).toMatchObject({ name: 'smoke.example.com', content: '192.0.2.200', ttl: 300 });
    expect(report.fakeRecords).toContain('A smoke.example.com 192.0.2.200');
    expect(report.duplicate.isError).toBe(true);
    expect(report.duplicate.content[0]!.text).toMatch(/Cloudflare 81057\): update it with cloudflare_update_dns_record/);
  });
});

describe('the same tarballs with the SDK v2 line (@modelcontextprotocol/server and /client)', () => {
  interface Session {
    era: string;
    tools: string[];
    read: { isError: boolean; structuredContent: { records: Array<{ name: string }> } };
    invalid: { isError: boolean };
  }
  let report: { registered: string[]; modern: Session; legacy: Session };

  beforeAll(async () => {
    // The project the 1.x snippets ran in has both SDK lines installed.
    if (!consumer) throw new Error('the 1.x consumer project was not created');
    const script = await runConsumerScript(consumer, join(import.meta.dirname, '../fixtures/consumer-v2.ts'), {});
    expectOk(script, 'the v2 consumer script');
    report = JSON.parse(script.stdout.trim().split('\n').at(-1)!) as typeof report;
  });

  it.each(['modern', 'legacy'] as const)('serves the registered tools to a %s-era client and calls them', (era) => {
    const session = report[era];
    expect(session.era).toBe(era);
    expect(session.tools).toEqual(report.registered);
    expect(session.read.isError).toBe(false);
    expect(session.read.structuredContent.records.map((r) => r.name)).toEqual(['example.com', 'mail.example.com']);
    expect(session.invalid.isError).toBe(true);
  });
});

describe('every ecosystem package, from the tarballs, with each SDK line', () => {
  interface Served {
    registered: string[];
    listed: string[];
    called: string;
    isError: boolean;
    structured: boolean;
  }
  let report: Record<string, { v1: Served; v2: Served }>;

  beforeAll(async () => {
    if (!consumer) throw new Error('the consumer project was not created');
    const script = await runConsumerScript(consumer, join(import.meta.dirname, '../fixtures/consumer-every.ts'), {});
    expectOk(script, 'the every-package consumer script');
    report = JSON.parse(script.stdout.trim().split('\n').at(-1)!) as typeof report;
  });

  it.each(ECOSYSTEMS)('%s registers into both McpServers, lists the same tools and answers a read call', (id) => {
    const { v1, v2 } = report[id]!;
    expect(v1.registered.length).toBeGreaterThan(5);
    expect(v1.listed).toEqual(v1.registered);
    expect(v2.registered).toEqual(v1.registered);
    expect(v2.listed).toEqual(v1.registered);
    for (const served of [v1, v2]) expect({ called: served.called, isError: served.isError, structured: served.structured }).toEqual({ called: served.called, isError: false, structured: true });
  });
});
