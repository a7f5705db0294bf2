import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PrismaClient } from '@enterprise-mcp/database';
import { createApiKey, createTenant, findTenant, hashApiKey, parseApiKey } from '@enterprise-mcp/tenancy';
import { loadConfig, type ServerConfig } from '../config.js';
import { ecosystems as allEcosystems } from '../ecosystems.js';
import { createLogger, type ServerLogger } from '../logger.js';
import { startServer, type StartedServer } from '../server.js';
import { startDemoFakes, type RunningFake } from './fakes.js';

/** The MCP Inspector's web UI origins, allowed by CORS in demo mode so it can connect directly. */
const INSPECTOR_ORIGINS = 'http://localhost:6274,http://127.0.0.1:6274';
const DEMO_TENANT = 'demo';

export interface DemoOptions {
  env: Record<string, string | undefined>;
  logger?: ServerLogger;
  /** How the launcher path appears in the printed Claude Desktop config. */
  launcher: string;
}

export interface RunningDemo {
  server: StartedServer;
  config: ServerConfig;
  apiKey: string;
  fakes: RunningFake[];
  banner: string;
  logger: ServerLogger;
  close(): Promise<void>;
  /** During close(): stop waiting for in-flight calls (the audit flush still runs). */
  hurry(): void;
}

/**
 * Demo mode: every ecosystem wired to its platform fake (started here, seeded),
 * embedded PGlite in DATA_DIR, and a demo tenant with an API key. Platform
 * variables from the environment are overridden, so demo mode never reaches a
 * real platform; DATABASE_URL and REDIS_URL are ignored for the same reason.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const bootstrapLogger = options.logger ?? createLogger({ level: 'info', format: options.env['LOG_FORMAT'] === 'json' ? 'json' : 'pretty' });
  const fakes = await startDemoFakes(allEcosystems, (ecosystem, error) =>
    bootstrapLogger.warn({ ecosystem: ecosystem.id, err: error }, 'demo: this platform fake did not start; its tools are left out'),
  );
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'development',
    ...options.env,
    ...fakeEnvironment(fakes),
    TENANCY_MODE: 'single',
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    CORS_ORIGINS: options.env['CORS_ORIGINS'] ?? INSPECTOR_ORIGINS,
  };
  // The vault seals the OAuth platforms' demo connections: a key of the operator's, or one kept beside the data.
  env['CREDENTIALS_ENCRYPTION_KEY'] ??= demoCredentialsKey(env['DATA_DIR'] ?? './data');
  const config = loadConfig(env, allEcosystems);
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, format: config.logFormat });
  logger.warn(
    { platforms: fakes.map((fake) => ({ ecosystem: fake.ecosystem.id, fake: fake.url })) },
    'DEMO MODE: every platform is a local fake with seeded data; nothing reaches a real platform API',
  );
  let server: StartedServer;
  try {
    server = await startServer(config, logger);
  } catch (error) {
    await Promise.all(fakes.map((fake) => fake.close()));
    throw error;
  }
  const apiKey = await demoApiKey(server, config);
  await connectDemoAccounts(server, fakes, logger);
  const banner = demoBanner(server.mcpUrl, apiKey, options.launcher, fakes);
  return {
    server,
    config,
    apiKey,
    fakes,
    banner,
    logger,
    close: async () => {
      await server.close();
      await Promise.all(fakes.map((fake) => fake.close()));
    },
    hurry: () => server.hurry(),
  };
}

function fakeEnvironment(fakes: RunningFake[]): Record<string, string> {
  return Object.assign({}, ...fakes.map((fake) => fake.env));
}

/**
 * DEMO_API_KEY when set; else the key saved in DATA_DIR by an earlier run (so
 * client configs keep working across restarts); else a new one, saved.
 */
async function demoApiKey(server: StartedServer, config: ServerConfig): Promise<string> {
  const prisma = server.dataPlane.db.prisma;
  const tenant = (await findTenant(prisma, DEMO_TENANT)) ?? (await createTenant(prisma, { slug: DEMO_TENANT, name: 'Demo tenant' }));
  if (config.DEMO_API_KEY) {
    await importKey(prisma, tenant.id, config.DEMO_API_KEY);
    return config.DEMO_API_KEY;
  }
  const saved = join(resolve(config.DATA_DIR), 'demo-api-key');
  if (existsSync(saved)) {
    // Readable by its owner only, even if it was widened by hand since.
    chmodSync(saved, 0o600);
    const key = readFileSync(saved, 'utf8').trim();
    if ((await server.dataPlane.verifier.verify(key)).ok) return key;
  }
  const { key } = await createApiKey(prisma, { tenantId: tenant.id, name: 'demo' });
  mkdirSync(resolve(config.DATA_DIR), { recursive: true });
  writeFileSync(saved, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Stores each OAuth platform's demo account in the vault with tokens its fake issued, so its tools work at once. */
async function connectDemoAccounts(server: StartedServer, fakes: RunningFake[], logger: ServerLogger): Promise<void> {
  const { vault, db } = server.dataPlane;
  const tenant = await findTenant(db.prisma, DEMO_TENANT);
  for (const fake of fakes) {
    if (!fake.oauthAccount || !vault || !tenant) continue;
    const { connection, issueTokens } = fake.oauthAccount;
    const issued = issueTokens();
    const tokens = {
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: new Date(Date.now() + (issued.expires_in ?? 3600) * 1000),
      raw: issued,
    };
    const stored = await vault.importConnection({ tenantId: tenant.id, ecosystem: fake.ecosystem.id, externalIds: connection.externalIds, displayName: connection.displayName, tokens });
    logger.info({ ecosystem: fake.ecosystem.id, connectionId: stored.connection.id, account: connection.displayName }, 'demo: connected the fake account');
  }
}

/** The demo's credentials key: kept in DATA_DIR (owner-only) so a restart can read what an earlier run sealed. */
function demoCredentialsKey(dataDir: string): string {
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('base64');
  const saved = join(resolve(dataDir), 'demo-credentials-key');
  if (existsSync(saved)) {
    chmodSync(saved, 0o600);
    return readFileSync(saved, 'utf8').trim();
  }
  const key = randomBytes(32).toString('base64');
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(saved, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Stores a key the operator chose (DEMO_API_KEY): only its hash, as for generated keys. */
async function importKey(prisma: PrismaClient, tenantId: string, key: string): Promise<void> {
  const parsed = parseApiKey(key);
  if (!parsed) throw new Error('DEMO_API_KEY must look like emcp_<12 hex>_<64 hex>');
  const existing = await prisma.apiKey.findUnique({ where: { prefix: parsed.prefix } });
  if (existing) {
    if (existing.secretHash !== hashApiKey(key) || existing.revokedAt) {
      throw new Error('DEMO_API_KEY has the prefix of another (or a revoked) key in this database; choose another key');
    }
    return;
  }
  await prisma.apiKey.create({ data: { id: randomUUID(), tenantId, name: 'demo (DEMO_API_KEY)', prefix: parsed.prefix, secretHash: hashApiKey(key) } });
}

export function demoBanner(mcpUrl: string, apiKey: string, launcher: string, fakes: RunningFake[]): string {
  const desktop = {
    mcpServers: {
      'enterprise-mcp-demo': {
        command: process.execPath,
        args: [launcher, 'bridge', '--url', mcpUrl, '--api-key', apiKey],
      },
    },
  };
  // Pinned to the 2.x line: an unversioned npx may reuse an old cached 0.x Inspector, whose CLI refuses `--transport http`.
  const inspector = `npx @modelcontextprotocol/inspector@2 --transport http --server-url ${mcpUrl} --header "Authorization: Bearer ${apiKey}"`;
  const inspectorCli = `npx @modelcontextprotocol/inspector@2 --cli --transport http --server-url ${mcpUrl} --header "Authorization: Bearer ${apiKey}" --method tools/list`;
  return [
    '',
    '  Enterprise MCP Server: DEMO MODE (every platform is a local fake with seeded data)',
    '',
    `  MCP URL   ${mcpUrl}`,
    `  API key   ${apiKey}`,
    `  Platforms ${fakes.map((fake) => fake.ecosystem.displayName).join(', ') || 'none'}`,
    '',
    '  Claude Desktop (claude_desktop_config.json), through the stdio bridge:',
    '',
    JSON.stringify(desktop, null, 2)
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n'),
    '',
    '  MCP Inspector (web UI; needs Node 22.19+):',
    `    ${inspector}`,
    '  MCP Inspector (CLI, lists the tools):',
    `    ${inspectorCli}`,
    '  curl:',
    `    curl -s ${mcpUrl} -H "Authorization: Bearer ${apiKey}" -H "Content-Type: application/json" -H "Accept: application/json, text/event-stream" -d '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'`,
    '',
  ].join('\n');
}
