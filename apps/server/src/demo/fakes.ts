import { contractVariables, type AnyEcosystem, type AuthModeDefinition, type Connection } from '@enterprise-mcp/core';
import type { RunningFake as PackageFake } from '@enterprise-mcp/core/testing';

/**
 * Each ecosystem's fake, by id: its package's `/testing` entry, loaded only in
 * demo mode. `nx g … ecosystem <name>` adds a line here beside ecosystems.ts.
 */
export const demoFakes: Record<string, () => Promise<PackageFake>> = {
  amazon: () => import('@enterprise-mcp/amazon/testing').then((testing) => testing.startFake()),
  cloudflare: () => import('@enterprise-mcp/cloudflare/testing').then((testing) => testing.startFake()),
  ghl: () => import('@enterprise-mcp/ghl/testing').then((testing) => testing.startFake()),
  godaddy: () => import('@enterprise-mcp/godaddy/testing').then((testing) => testing.startFake()),
  quickbooks: () => import('@enterprise-mcp/quickbooks/testing').then((testing) => testing.startFake({ seed: 'demo' })),
  google: () => import('@enterprise-mcp/google/testing').then((testing) => testing.startFake()),
};

export interface RunningFake {
  ecosystem: AnyEcosystem;
  /** The auth mode demo mode uses, and the environment variables that point the client at the fake. */
  mode: string;
  env: Record<string, string>;
  url: string;
  /** For an OAuth mode: the account to store in the vault, and the tokens the fake issued for it. */
  oauthAccount?: { connection: Connection; issueTokens: NonNullable<PackageFake['issueTokens']> };
  close(): Promise<void>;
}

/**
 * Starts an ecosystem's fake and turns the config it gives for the first auth
 * mode with a fixed credential into that mode's environment variables, so demo
 * mode configures platforms exactly as an operator would. A platform with only
 * OAuth modes gets its OAuth app's variables and an account for the vault.
 */
export async function startDemoFake(ecosystem: AnyEcosystem): Promise<RunningFake> {
  const start = demoFakes[ecosystem.id];
  if (!start) throw new Error(`no demo fake is registered for ${ecosystem.id} (apps/server/src/demo/fakes.ts)`);
  const fake = await start();
  const modes = Object.entries(ecosystem.authModes as Record<string, AuthModeDefinition>);
  const fixed = modes.find(([name, mode]) => mode.credential && fake.configs[name]);
  const oauth = fake.connection && fake.issueTokens ? modes.find(([name, mode]) => mode.kind === 'oauth2' && fake.configs[name]) : undefined;
  const chosen = fixed ?? oauth;
  if (!chosen) {
    await fake.close();
    throw new Error(`the ${ecosystem.displayName} fake gives no config for an auth mode with a fixed credential, nor an OAuth account`);
  }
  const [mode, definition] = chosen;
  const env = environmentOf(ecosystem, mode, definition, fake.configs[mode]!);
  const oauthAccount = chosen === fixed ? undefined : { connection: fake.connection!, issueTokens: fake.issueTokens!.bind(fake) };
  return { ecosystem, mode, env, url: fake.url, ...(oauthAccount ? { oauthAccount } : {}), close: () => fake.close() };
}

function environmentOf(ecosystem: AnyEcosystem, mode: string, definition: AuthModeDefinition, input: Record<string, unknown>): Record<string, string> {
  const contract = contractVariables(ecosystem);
  const variables: Record<string, string | undefined> = { ...(definition.env as Record<string, string>), environment: contract.environment, region: contract.region, baseUrl: contract.baseUrl, oauthBaseUrl: contract.oauthBaseUrl };
  const env: Record<string, string> = { [contract.authMode]: mode };
  for (const [field, value] of Object.entries(input)) {
    const variable = variables[field];
    if (variable && value !== undefined) env[variable] = String(value);
  }
  return env;
}

/** Starts every ecosystem's fake; one that cannot start is reported and left out. */
export async function startDemoFakes(
  ecosystems: AnyEcosystem[],
  onError: (ecosystem: AnyEcosystem, error: unknown) => void,
): Promise<RunningFake[]> {
  const started: RunningFake[] = [];
  // One at a time: the fakes share modules, and concurrent first imports of one module trip some loaders (Jest's VM modules).
  for (const ecosystem of ecosystems) {
    try {
      started.push(await startDemoFake(ecosystem));
    } catch (error) {
      onError(ecosystem, error);
    }
  }
  return started;
}
