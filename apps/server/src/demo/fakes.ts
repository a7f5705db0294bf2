import type { AnyEcosystem } from '@enterprise-mcp/core';

export interface RunningFake {
  ecosystem: AnyEcosystem;
  /** The ecosystem config that points its client at the fake. */
  config: Record<string, unknown>;
  url: string;
  close(): Promise<void>;
}

interface FakeHandle {
  url: string;
  close(): Promise<void>;
  [field: string]: unknown;
}

type FakeStarter = () => Promise<FakeHandle>;

const SECRET_FIELD = /token|key|secret|password/i;
const URL_FIELD = /url$/i;

/**
 * Starts an ecosystem's platform fake from its `@enterprise-mcp/<id>/testing`
 * export (`start<Name>Fake()`, seeded by default) and maps what it returns onto
 * the ecosystem's config fields: same-named values first, then the URL for
 * `…Url` fields and the fake's credential for secret-looking fields.
 */
export async function startDemoFake(ecosystem: AnyEcosystem): Promise<RunningFake> {
  const testing = (await import(`@enterprise-mcp/${ecosystem.id}/testing`)) as Record<string, unknown>;
  const starter = Object.entries(testing).find(([name, value]) => /^start\w*Fake$/i.test(name) && typeof value === 'function');
  if (!starter) throw new Error(`@enterprise-mcp/${ecosystem.id}/testing exports no start…Fake() function`);
  const fake = await (starter[1] as FakeStarter)();
  const credential = Object.entries(fake).find(([name, value]) => SECRET_FIELD.test(name) && typeof value === 'string')?.[1];
  const config: Record<string, unknown> = {};
  for (const field of Object.keys(ecosystem.env as Record<string, string>)) {
    if (typeof fake[field] === 'string') config[field] = fake[field];
    else if (URL_FIELD.test(field)) config[field] = fake.url;
    else if (SECRET_FIELD.test(field) && credential !== undefined) config[field] = credential;
  }
  return { ecosystem, config, url: fake.url, close: () => fake.close() };
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
