import type { AnyTool } from '@enterprise-mcp/core';
import { runTool } from '@enterprise-mcp/core/testing';
import { GhlClient, type GhlClientOptions } from './client.js';
import { startGhlFake, type GhlFake, type GhlFakeOptions } from './testing/index.js';

export interface Harness {
  fake: GhlFake;
  client: GhlClient;
  /** Runs a tool the way a server does (input validation, output check, error shaping). */
  call(tool: AnyTool<GhlClient>, args: unknown): Promise<CallOutcome>;
  close(): Promise<void>;
}

export interface CallOutcome {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
  code?: string;
}

export async function startHarness(options: GhlFakeOptions & { client?: Partial<GhlClientOptions> } = {}): Promise<Harness> {
  const { client: clientOptions, ...fakeOptions } = options;
  const fake = await startGhlFake(fakeOptions);
  const client = new GhlClient({ apiKey: fake.apiKey, locationId: fake.locationId, baseUrl: fake.url, ...clientOptions });
  return {
    fake,
    client,
    call: async (tool, args) => {
      const outcome = await runTool(tool, args, client);
      return {
        isError: Boolean(outcome.result.isError),
        text: outcome.result.content[0]?.text ?? '',
        data: outcome.result.structuredContent ?? {},
        code: outcome.error?.code,
      };
    },
    close: () => fake.close(),
  };
}
