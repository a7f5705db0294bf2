import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: workspaceRoot });

/** Lints a source text as if it were a file at `filePath` in the workspace. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${workspaceRoot}/${filePath}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries', () => {
  it('let an ecosystem package import core', async () => {
    expect(await boundaryErrors('packages/cloudflare/src/probe.ts', "export * from '@enterprise-mcp/core';\n")).toEqual([]);
  });

  it('refuse an ecosystem package importing a server-side library', async () => {
    const errors = await boundaryErrors('packages/cloudflare/src/probe.ts', "export * from '@enterprise-mcp/audit';\n");
    expect(errors.join('\n')).toMatch(/tagged with "type:ecosystem" can only depend on libs tagged with "type:core"/);
  });

  it('refuse an ecosystem package importing another ecosystem', async () => {
    const errors = await boundaryErrors('packages/ghl/src/probe.ts', "export * from '@enterprise-mcp/godaddy';\n");
    expect(errors.join('\n')).toMatch(/tagged with "type:ecosystem" can only depend on libs tagged with "type:core"/);
  });

  it('refuse core importing any package of ours', async () => {
    // Every package of ours depends on core, so the rule reports the cycle first.
    const errors = await boundaryErrors('packages/core/src/probe.ts', "export * from '@enterprise-mcp/tenancy';\n");
    expect(errors.join('\n')).toMatch(/Circular dependency between "@enterprise-mcp\/core" and "@enterprise-mcp\/tenancy"/);
  });
});
