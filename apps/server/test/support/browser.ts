/**
 * Headless Chromium for the page tests (Debian's /usr/bin/chromium through
 * playwright-core), with a fresh profile per run and the flags that keep it
 * off this machine's closed network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export async function launchTestBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'emcp-chromium-'));
  // The persistent context owns --user-data-dir, so each run starts from an empty profile.
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
