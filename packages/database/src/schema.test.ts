import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openTestDatabase, describeEachDatabase, type TestDatabase } from './testing/index.js';

const SCHEMA_PATH = fileURLToPath(new URL('../../../prisma/schema.prisma', import.meta.url));
const schemaFiles = [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }];
const noFilters = { externalTables: [], externalEnums: [] };

interface DiffResult {
  exitCode: number;
  stdout: string;
}
interface SchemaEngine {
  diff(params: unknown): Promise<DiffResult>;
  free(): void;
}

// Prisma's own schema engine, compiled to WebAssembly, compares the migrated
// database with schema.prisma: an empty diff proves the committed SQL matches.
// The wasm-bindgen glue keeps module-level state, so the module is instantiated once per process.
let engineModule: Promise<{ SchemaEngine: { new: (...args: unknown[]) => Promise<SchemaEngine> } }> | undefined;

async function loadSchemaEngine(adapter: object): Promise<SchemaEngine> {
  engineModule ??= instantiateEngineModule();
  const { SchemaEngine } = await engineModule;
  return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schemaFiles[0]!.content]] }, () => {}, adapter);
}

async function instantiateEngineModule() {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bg = await import(join(dir, 'schema_engine_bg.js'));
  const { instance } = await wasmApi().instantiate(readFileSync(join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports['__wbindgen_start']!();
  return bg;
}

describeEachDatabase('schema.prisma and the migrations on %s', (kind) => {
  let t: TestDatabase;
  let engine: SchemaEngine;
  beforeAll(async () => {
    t = await openTestDatabase({ kind });
    const factory =
      kind === 'postgres'
        ? new PrismaPg(catalogFriendlyPool(t.url!))
        : new PrismaPGlite(await pgliteOf(t));
    engine = await loadSchemaEngine(bindMigrationAwareSqlAdapterFactory(factory));
  }, 60_000);
  afterAll(async () => {
    engine?.free();
    await t?.cleanup();
  });

  it('agree: the migrated database differs from the schema by nothing', async () => {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files: schemaFiles, configDir: dirname(SCHEMA_PATH) },
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      exitCode: true,
      shadowDatabaseUrl: null,
      filters: noFilters,
    });
    expect(result.stdout).toBe('-- This is an empty migration.\n');
    expect(result.exitCode).toBe(0);
  });
});

// @prisma/adapter-pg 7.10 rejects PostgreSQL's internal one-byte "char" type
// (oid 18), which the engine's catalog queries return (pg_class.relkind…);
// pg already decodes it as a string, so it is presented as text.
function catalogFriendlyPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: typeof query }).query = async (...args) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return pool;
}

async function pgliteOf(t: TestDatabase): Promise<PGlite> {
  if (t.db.driver.kind !== 'pglite') throw new Error('not a PGlite database');
  return t.db.driver.client;
}

// The ES2023 lib has no WebAssembly typings; this is the one call needed.
function wasmApi() {
  return (globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, () => void> } }>;
    };
  }).WebAssembly;
}
