// Test support shared by this package's tests; excluded from the published build.
import { noopLogger, type AnyTool, type ToolCallResult } from '@enterprise-mcp/core';
import { runTool } from '@enterprise-mcp/core/testing';
import { CloudflareClient, type CloudflareClientOptions } from './client.js';
import { startCloudflareFake, type CloudflareFake, type CloudflareFakeOptions } from './testing/index.js';

export interface Harness {
  fake: CloudflareFake;
  client: CloudflareClient;
  /** Runs a tool exactly as a registered server would: input parsing, handler, output check, error shaping. */
  call(tool: AnyTool<CloudflareClient>, args: unknown): Promise<ToolCallResult>;
  close(): Promise<void>;
}

export async function startHarness(
  options: CloudflareFakeOptions & {
    /** Client options, or a function of the fake (to use its account token, say). */
    client?: Partial<CloudflareClientOptions> | ((fake: CloudflareFake) => Partial<CloudflareClientOptions>);
  } = {},
): Promise<Harness> {
  const fake = await startCloudflareFake(options);
  const overrides = typeof options.client === 'function' ? options.client(fake) : options.client;
  const client = new CloudflareClient({ apiToken: fake.apiToken, baseUrl: fake.url, logger: noopLogger, ...overrides });
  return {
    fake,
    client,
    call: async (tool, args) => (await runTool(tool, args, client)).result,
    close: () => fake.close(),
  };
}

/** The text of a tool result (errors come back as text). */
export function textOf(result: ToolCallResult): string {
  return result.content.map((c) => c.text).join('\n');
}

/** Zone id of a seeded zone by name. */
export function zoneId(fake: CloudflareFake, name = 'example.com'): string {
  const zone = fake.zone(name);
  if (!zone) throw new Error(`no seeded zone ${name}`);
  return zone.id;
}
