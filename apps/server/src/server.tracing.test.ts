import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { createFreshDatabase, testDatabaseUrl } from '@enterprise-mcp/database/testing';
import { captureLogger } from '../test/support/harness.js';
import { loadConfig } from './config.js';
import { ecosystems } from './ecosystems.js';
import { startServer } from './server.js';

/**
 * A server that cannot listen must not leave the tracing SDK behind: its
 * exporter's timer would keep the process alive and the global tracer would
 * keep recording spans for nobody.
 */
describe('startServer when it cannot start', () => {
  let occupier: Server;
  let dropDatabase: (() => Promise<unknown>) | undefined;
  let databaseUrl: string | undefined;
  const saved = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];

  beforeAll(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    const adminUrl = testDatabaseUrl();
    const fresh = adminUrl ? await createFreshDatabase(adminUrl) : undefined;
    dropDatabase = fresh?.drop;
    databaseUrl = fresh?.url;
    // Nothing listens there; no span is exported before the failure anyway.
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:9/';
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    else process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = saved;
    await new Promise<void>((resolve) => occupier.close(() => resolve()));
    await dropDatabase?.();
  });

  const configWith = (env: Record<string, string | undefined>) =>
    loadConfig(
      {
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        LOG_FORMAT: 'json',
        TENANCY_MODE: 'multi',
        CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        DATA_DIR: 'memory://',
        ...env,
      },
      ecosystems,
    );
  const recording = () => trace.getTracer('probe').startSpan('after the failed start').isRecording();

  it('fails with the listen error when the port is taken, and shuts the tracing provider down', async () => {
    const port = (occupier.address() as AddressInfo).port;
    const config = configWith({ PORT: String(port), DATABASE_URL: databaseUrl });
    const log = captureLogger();
    await expect(startServer(config, log.logger)).rejects.toThrow(`${port} is already in use on 127.0.0.1`);
    expect(log.text()).toContain('tracing: exporting spans over OTLP/HTTP');
    // With the provider still installed this span would record.
    expect(recording()).toBe(false);
  }, 60_000); // migrations of a fresh database come first

  it('shuts the tracing provider down when the database cannot be opened', async () => {
    // Port 9 (discard) refuses the connection at once.
    const config = configWith({ PORT: '0', DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/test' });
    const log = captureLogger();
    await expect(startServer(config, log.logger)).rejects.toThrow(/127\.0\.0\.1:9|ECONNREFUSED|database/i);
    expect(log.text()).toContain('tracing: exporting spans over OTLP/HTTP');
    expect(recording()).toBe(false);
  });
});
