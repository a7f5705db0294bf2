import { createConsumerProject, expectOk, pack, runConsumerScript, type ConsumerProject } from '@enterprise-mcp/package-smoke';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkRelease } from '../../release/release-dry.js';
import { createScratchWorkspace, expectSuccess, runIn, WORKSPACE_ROOT, type ScratchWorkspace } from './scratch-workspace.js';

// The generator's promise, end to end: in a scratch copy of the workspace, the package it creates
// builds, lints, passes its tests, publint, attw and the release check, and its tarball installs
// outside the workspace and registers into a plain SDK McpServer.
const NAME = `e2e-${Date.now().toString(36)}`;
const ID = NAME.replace(/-/g, '_');
const CLASS = NAME.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');

const consumerScript = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { register${CLASS}Tools } from '@enterprise-mcp/${NAME}';
import { start${CLASS}Fake } from '@enterprise-mcp/${NAME}/testing';

const fake = await start${CLASS}Fake();
const server = new McpServer({ name: 'consumer', version: '1.0.0' });
const registered = register${CLASS}Tools(server, { apiKey: fake.apiKey, baseUrl: fake.url });
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
const client = new Client({ name: 'consumer-client', version: '1.0.0' });
await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
const { tools } = await client.listTools();
const listed = await client.callTool({ name: '${ID}_list_items', arguments: { limit: 2 } });
const created = await client.callTool({ name: '${ID}_create_item', arguments: { name: 'From the tarball' } });
console.log(JSON.stringify({ registered, tools: tools.map((t) => t.name), listed: listed.structuredContent, created: created.structuredContent }));
await client.close();
await fake.close();
`;

let scratch: ScratchWorkspace;
let packDir: string;
let consumer: ConsumerProject | undefined;
const packageDir = () => join(scratch.root, 'packages', NAME);
const nx = (...args: string[]) => runIn(scratch.root, join(scratch.root, 'node_modules', '.bin', 'nx'), args);

beforeAll(async () => {
  scratch = createScratchWorkspace();
  packDir = mkdtempSync(join(tmpdir(), 'emcp-generator-pack-'));
  const generated = await nx('g', '@enterprise-mcp/workspace-plugin:ecosystem', NAME, '--skip-install', '--no-interactive');
  expectSuccess(generated, 'nx g ecosystem');
  scratch.link(`packages/${NAME}`, NAME);
});

afterAll(() => {
  consumer?.remove();
  rmSync(packDir, { recursive: true, force: true });
  scratch.remove();
});

describe(`the generated package (${NAME}) in a scratch workspace`, () => {
  it('lives outside the real workspace and leaves it untouched', () => {
    expect(relative(WORKSPACE_ROOT, scratch.root)).toMatch(/^\.\./);
    expect(existsSync(join(WORKSPACE_ROOT, 'packages', NAME))).toBe(false);
    expect(existsSync(join(scratch.root, '.changeset', `${NAME}-package.md`))).toBe(true);
  });

  it('builds, lints, type-checks and passes its own tests', async () => {
    const result = await nx('run-many', '-t', 'build', 'lint', 'typecheck', 'test', '-p', `@enterprise-mcp/${NAME}`, '--outputStyle=stream');
    expectSuccess(result, 'nx run-many on the generated package');
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(existsSync(join(packageDir(), 'dist', 'testing', 'index.d.ts'))).toBe(true);
  });

  it('passes publint and attw', async () => {
    const bin = (name: string) => join(scratch.root, 'node_modules', '.bin', name);
    expectSuccess(await runIn(scratch.root, bin('publint'), ['--strict', packageDir()]), 'publint');
    expectSuccess(await runIn(scratch.root, bin('attw'), ['--pack', packageDir(), '--profile', 'esm-only']), 'attw');
  });

  it('packs only dist, README.md, LICENSE and package.json, with a core range core satisfies', () => {
    const report = checkRelease(scratch.root).find((r) => r.name === `@enterprise-mcp/${NAME}`);
    expect(report?.problems).toEqual([]);
  });

  it('installs from its tarball outside the workspace and registers into a plain SDK McpServer', async () => {
    const tarballs = await Promise.all(
      [join(scratch.root, 'packages', 'core'), packageDir()].map((dir) => pack({ name: dir, dir, internalDependencies: [] }, packDir)),
    );
    consumer = await createConsumerProject(tarballs);
    const script = join(packDir, 'consumer.ts');
    writeFileSync(script, consumerScript);
    const result = await runConsumerScript(consumer, script, {});
    expectOk(result, 'the consumer script');
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(report.registered).toEqual([`${ID}_list_items`, `${ID}_create_item`]);
    expect(report.tools).toEqual(report.registered);
    expect(report.listed).toMatchObject({ items: [{ id: 'item_1' }, { id: 'item_2' }], nextCursor: 'item_2' });
    expect(report.created).toMatchObject({ name: 'From the tarball' });
  });
});
