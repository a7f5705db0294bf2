import { createConsumerProject, expectOk, pack, runConsumerScript, type ConsumerProject } from '@enterprise-mcp/package-smoke';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkRelease } from '../../release/release-dry.js';
import { createScratchWorkspace, expectSuccess, runIn, WORKSPACE_ROOT, type ScratchWorkspace } from './scratch-workspace.js';

// The generator's promise, end to end: in a scratch copy of the workspace, the packages it creates
// for each auth pattern build, lint, pass their tests, publint, attw and the release check as
// generated, and their tarballs install outside the workspace and register into a plain SDK McpServer.
// The scratch workspace holds no apps/server: the wiring step skips it, so the server's state
// does not matter here.
const STAMP = Date.now().toString(36);
const generated = (auth: 'api-key' | 'oauth2', name: string) => {
  const id = name.replace(/-/g, '_');
  const className = name.split('-').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
  return { auth, name, id, className, pkg: `@enterprise-mcp/${name}` };
};
const KEY = generated('api-key', `e2e-key-${STAMP}`);
const OAUTH = generated('oauth2', `e2e-oauth-${STAMP}`);
const PACKAGES = [KEY, OAUTH];

const consumerScript = `
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { register${KEY.className}Tools } from '${KEY.pkg}';
import { startFake as startKeyFake } from '${KEY.pkg}/testing';
import { register${OAUTH.className}Tools } from '${OAUTH.pkg}';
import { startFake as startOAuthFake } from '${OAUTH.pkg}/testing';

const keyFake = await startKeyFake();
const oauthFake = await startOAuthFake();
const server = new McpServer({ name: 'consumer', version: '1.0.0' });
const registered = [
  ...register${KEY.className}Tools(server, keyFake.configs.key),
  ...register${OAUTH.className}Tools(server, { ...oauthFake.configs.oauth, token: oauthFake.token }),
];
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
const client = new Client({ name: 'consumer-client', version: '1.0.0' });
await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
const { tools } = await client.listTools();
const listed = await client.callTool({ name: '${KEY.id}_list_items', arguments: { limit: 2 } });
const created = await client.callTool({ name: '${KEY.id}_create_item', arguments: { name: 'From the tarball' } });
await client.callTool({ name: '${OAUTH.id}_list_items', arguments: {} });
oauthFake.expireTokens();
const afterExpiry = await client.callTool({ name: '${OAUTH.id}_get_item', arguments: { id: 'item_2', connection: 'main' } });
console.log(JSON.stringify({
  registered,
  tools: tools.map((t) => t.name),
  listed: listed.structuredContent,
  created: created.structuredContent,
  afterExpiry: afterExpiry.structuredContent,
  oauthTokensIssued: oauthFake.issuedTokens.length,
}));
await client.close();
await Promise.all([keyFake.close(), oauthFake.close()]);
`;

let scratch: ScratchWorkspace;
let packDir: string;
let consumer: ConsumerProject | undefined;
const packageDir = (name: string) => join(scratch.root, 'packages', name);
const nx = (args: string[], timeoutMs?: number) =>
  runIn(scratch.root, join(scratch.root, 'node_modules', '.bin', 'nx'), args, timeoutMs);
const toolNames = (id: string) => [`${id}_list_items`, `${id}_get_item`, `${id}_create_item`];

beforeAll(async () => {
  scratch = createScratchWorkspace();
  packDir = mkdtempSync(join(tmpdir(), 'emcp-generator-pack-'));
  for (const { auth, name } of PACKAGES) {
    const result = await nx(['g', '@enterprise-mcp/workspace-plugin:ecosystem', name, `--auth=${auth}`, '--skip-install', '--no-interactive']);
    expectSuccess(result, `nx g ecosystem ${name} --auth=${auth}`);
    scratch.link(`packages/${name}`, name);
  }
});

afterAll(() => {
  consumer?.remove();
  rmSync(packDir, { recursive: true, force: true });
  scratch.remove();
});

describe(`the generated packages (${KEY.name}, ${OAUTH.name}) in a scratch workspace`, () => {
  it('live outside the real workspace and leave it untouched', () => {
    expect(relative(WORKSPACE_ROOT, scratch.root)).toMatch(/^\.\./);
    for (const { name } of PACKAGES) {
      expect(existsSync(join(WORKSPACE_ROOT, 'packages', name))).toBe(false);
      expect(existsSync(join(scratch.root, '.changeset', `${name}-package.md`))).toBe(true);
    }
  });

  it('build, lint, type-check and pass their own tests', async () => {
    const projects = PACKAGES.map(({ pkg }) => pkg).join(',');
    const result = await nx(['run-many', '-t', 'build', 'lint', 'typecheck', 'test', '-p', projects, '--outputStyle=stream'], 420_000);
    expectSuccess(result, 'nx run-many on the generated packages');
    // One Jest summary per package, each with every test passed.
    expect(result.output.match(/Tests:\s+\d+ passed, \d+ total/g)).toHaveLength(PACKAGES.length);
    for (const { name } of PACKAGES) expect(existsSync(join(packageDir(name), 'dist', 'testing', 'index.d.ts'))).toBe(true);
  }, 480_000);

  it('pass publint and attw', async () => {
    const bin = (name: string) => join(scratch.root, 'node_modules', '.bin', name);
    for (const { name } of PACKAGES) {
      expectSuccess(await runIn(scratch.root, bin('publint'), ['--strict', packageDir(name)]), `publint ${name}`);
      expectSuccess(await runIn(scratch.root, bin('attw'), ['--pack', packageDir(name), '--profile', 'esm-only']), `attw ${name}`);
    }
  });

  it('pack only dist, README.md, LICENSE and package.json, with a core range core satisfies', () => {
    const reports = checkRelease(scratch.root);
    for (const { pkg } of PACKAGES) expect(reports.find((r) => r.name === pkg)?.problems).toEqual([]);
  });

  it('install from their tarballs outside the workspace and register into a plain SDK McpServer', async () => {
    const dirs = [join(scratch.root, 'packages', 'core'), ...PACKAGES.map(({ name }) => packageDir(name))];
    const tarballs = await Promise.all(dirs.map((dir) => pack({ name: dir, dir, internalDependencies: [] }, packDir)));
    consumer = await createConsumerProject(tarballs);
    const script = join(packDir, 'consumer.ts');
    writeFileSync(script, consumerScript);
    const result = await runConsumerScript(consumer, script, {});
    expectOk(result, 'the consumer script');
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(report.registered).toEqual([...toolNames(KEY.id), ...toolNames(OAUTH.id)]);
    expect(report.tools).toEqual(report.registered);
    expect(report.listed).toMatchObject({ items: [{ id: 'item_1' }, { id: 'item_2' }], nextCursor: 'item_2' });
    expect(report.created).toMatchObject({ name: 'From the tarball' });
    // The OAuth package's expired token was refreshed once, and the call retried with the new one.
    expect(report.afterExpiry).toMatchObject({ id: 'item_2' });
    expect(report.oauthTokensIssued).toBe(2);
  });
});
