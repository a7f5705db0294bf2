import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const committed = join(packageDir, 'src/generated/prisma');
const schemaPath = join(packageDir, '../../prisma/schema.prisma');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

// Wherever npm placed the CLI (hoisted or nested under this package).
function prismaCli(): string {
  return join(dirname(createRequire(join(packageDir, 'package.json')).resolve('prisma/package.json')), 'build/index.js');
}

describe('the committed Prisma client', () => {
  it('is what `prisma generate` makes from schema.prisma today (run `npm run generate -w @enterprise-mcp/database`)', () => {
    const out = mkdtempSync(join(tmpdir(), 'emcp-generate-'));
    try {
      // Same relative layout as the repository, so the output path inlined in the client is identical.
      mkdirSync(join(out, 'prisma'));
      writeFileSync(join(out, 'prisma/schema.prisma'), readFileSync(schemaPath));
      execFileSync(process.execPath, [prismaCli(), 'generate', '--schema', join(out, 'prisma/schema.prisma')], {
        cwd: packageDir,
        env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
        stdio: 'pipe',
      });
      const fresh = join(out, 'packages/database/src/generated/prisma');
      expect(listFiles(fresh)).toEqual(listFiles(committed));
      for (const file of listFiles(committed)) {
        expect({ file, text: readFileSync(join(fresh, file), 'utf8') }).toEqual({ file, text: readFileSync(join(committed, file), 'utf8') });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
