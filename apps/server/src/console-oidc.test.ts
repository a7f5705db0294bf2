import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { captureLogger } from '../test/support/harness.js';
import { loadConfig } from './config.js';
import { ecosystems } from './ecosystems.js';
import { startServer, type StartedServer } from './server.js';

let server: StartedServer;
let down: Server;

beforeAll(async () => {
  // A provider that answers nothing useful: the button must still show, and following it must fail politely.
  down = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
  const config = loadConfig(
    {
      PORT: '0',
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      DATA_DIR: 'memory://',
      TENANCY_MODE: 'multi',
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUTH_OIDC_ISSUER: `http://127.0.0.1:${(down.address() as AddressInfo).port}`,
      AUTH_OIDC_CLIENT_ID: 'emcp-console',
      AUTH_OIDC_LABEL: 'Sign in with Acme SSO',
      AUTH_ALLOW_INSECURE_LOOPBACK: 'true',
    },
    ecosystems,
  );
  server = await startServer(config, captureLogger().logger);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => down.close(resolve));
});

it('offers the AUTH_OIDC_ISSUER provider on the console sign-in page, and says so when it cannot be reached', async () => {
  const page = await (await fetch(`${server.url}/console/login`)).text();
  expect(page).toContain('href="/console/login/oidc">Sign in with Acme SSO</a>');
  const start = await fetch(`${server.url}/console/login/oidc`, { redirect: 'manual' });
  expect(start.status).toBe(502);
  expect(await start.text()).toContain('could not be reached');
});
