import type { z } from 'zod';
import {
  createEcosystemClient,
  parseEcosystemConfig,
  type AnyEcosystem,
  type ClientDependencies,
  type ClientOf,
  type Connection,
  type ModeConfigs,
} from '../ecosystem.js';
import type { ToolExecutionOutcome } from '../execute.js';
import type { TokenProvider } from '../credentials.js';
import type { AnyTool, ToolContext } from '../tool.js';
import { splitConnection } from '../register.js';
import { runTool } from './run-tool.js';

/** The configuration input of one auth mode, as `parseEcosystemConfig` takes it. */
export type ModeInput<TConfigs extends ModeConfigs, K extends keyof TConfigs> = z.input<TConfigs[K]> & {
  mode?: K;
  environment?: string;
  region?: string;
  baseUrl?: string;
  /** Where the fake serves the platform's OAuth endpoints (`<PREFIX>_OAUTH_BASE_URL`). */
  oauthBaseUrl?: string;
};

/**
 * What every package's `/testing` entry returns from `startFake()`: the
 * running fake, and for each auth mode it serves the configuration that
 * points the real client at it. Tests and demo mode use only this.
 */
export interface RunningFake<TConfigs extends ModeConfigs = ModeConfigs> {
  url: string;
  /** Per auth mode: the config (credential fields and `baseUrl`) that reaches this fake. */
  configs: { [K in keyof TConfigs & string]?: ModeInput<TConfigs, K> };
  /** For modes without a fixed credential (OAuth): a token the fake accepts, as the vault would hand it out. */
  token?: TokenProvider;
  /** For those modes too: the connected account the token belongs to (its external ids, e.g. a location id). */
  connection?: Connection;
  /**
   * For those modes too: a fresh token response for `connection`, as the
   * fake's authorization server would issue it after a consent (demo mode
   * stores it in the host's vault, so refreshes go through the fake).
   */
  issueTokens?(): { access_token: string; refresh_token: string; expires_in?: number } & Record<string, unknown>;
  close(): Promise<void>;
}

export interface ToolHarness<TClient> {
  client: TClient;
  /** Runs a tool by name through `executeTool`, as a server would. */
  run(name: string, args?: unknown, context?: Partial<Omit<ToolContext<TClient>, 'client'>>): Promise<ToolExecutionOutcome>;
}

/**
 * The one test harness: an ecosystem's real client built from a fake's
 * configuration for one auth mode, and its tools run by name.
 */
export interface ToolHarnessOptions {
  /** The auth mode to configure (default: the ecosystem's first). */
  mode?: string;
  /** What a host would pass besides the token: a rate limiter, a logger, a connection. */
  deps?: Omit<ClientDependencies, 'token'>;
}

export function toolHarness<E extends AnyEcosystem>(
  ecosystem: E,
  fake: Pick<RunningFake, 'configs' | 'token' | 'connection'>,
  options: ToolHarnessOptions | string = {},
): ToolHarness<ClientOf<E>> {
  const { mode, deps } = typeof options === 'string' ? { mode: options, deps: undefined } : options;
  const modeName = mode ?? Object.keys(ecosystem.authModes)[0]!;
  const input = fake.configs[modeName];
  if (!input) throw new Error(`The ${ecosystem.displayName} fake serves no "${modeName}" auth mode`);
  const resolved = parseEcosystemConfig(ecosystem, { ...input, mode: modeName });
  // A mode with its own credential uses it; the fake's token and connection stand in for the vault's only where there is none.
  const vault = ecosystem.authModes[modeName]?.credential ? {} : { token: fake.token, connection: fake.connection };
  const client = createEcosystemClient(ecosystem, resolved, { ...vault, ...deps });
  const tools = new Map((ecosystem.tools as AnyTool[]).map((tool) => [tool.name, tool]));
  return {
    client,
    run(name, args = {}, context) {
      const tool = tools.get(name);
      if (!tool) throw new Error(`${ecosystem.displayName} has no tool ${name}`);
      // As a server does: the contract's `connection` argument chooses the client, the tool never sees it.
      return runTool(tool, splitConnection(args).args, client, context);
    },
  };
}
