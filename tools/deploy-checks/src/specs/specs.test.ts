import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { configVariables, ecosystems } from '@enterprise-mcp/server';
import { readRepoFile, readYaml, repoRoot } from '../repo.js';
import { appSpec } from './digitalocean.js';
import { blueprint } from './render.js';
import { railwayConfig } from './railway.js';

const known = new Set(configVariables(ecosystems));
const MIGRATE = 'node apps/server/bin/enterprise-mcp db migrate';

describe('DigitalOcean .do/app.yaml', () => {
  const spec = appSpec.parse(readYaml('.do/app.yaml'));
  const server = spec.services?.[0];

  it('builds the service from docker/Dockerfile, checks /readyz and sets size and count', () => {
    expect(server?.dockerfile_path).toBe('docker/Dockerfile');
    expect(existsSync(`${repoRoot}/${server?.dockerfile_path}`)).toBe(true);
    expect(server?.health_check?.http_path).toBe('/readyz');
    expect(server?.instance_size_slug).toBeDefined();
    expect(server?.instance_count).toBeGreaterThanOrEqual(1);
  });

  it('migrates in a PRE_DEPLOY job and binds a managed PostgreSQL and Valkey', () => {
    expect(spec.jobs).toEqual([expect.objectContaining({ kind: 'PRE_DEPLOY', run_command: MIGRATE })]);
    expect(spec.databases?.map((d) => d.engine).sort()).toEqual(['PG', 'VALKEY']);
    const envs = Object.fromEntries((server?.envs ?? []).map((e) => [e.key, e]));
    expect(envs['DATABASE_URL']?.value).toBe('${db.DATABASE_URL}');
    expect(envs['REDIS_URL']?.value).toBe('${cache.DATABASE_URL}');
  });

  it('keeps secrets as encrypted values and names only variables the server reads', () => {
    const envs = server?.envs ?? [];
    for (const key of ['CREDENTIALS_ENCRYPTION_KEY', 'AUTH_SECRET']) expect(envs.find((e) => e.key === key)?.type).toBe('SECRET');
    expect(envs.map((e) => e.key).filter((key) => !known.has(key))).toEqual([]);
  });

  it('rejects what DigitalOcean would refuse or ignore', () => {
    const broken = { name: 'enterprise-mcp', services: [{ name: 'server', health_check: { http_path: '/readyz', timeout: 3 } }] };
    expect(appSpec.safeParse(broken).success).toBe(false);
    expect(appSpec.safeParse({ name: 'x', jobs: [{ name: 'migrate', kind: 'PRE_DEPLOYMENT' }] }).success).toBe(false);
  });
});

describe('Render render.yaml', () => {
  const spec = blueprint.parse(readYaml('render.yaml'));
  const web = spec.services.find((s) => s.type === 'web');

  it('runs the Docker image with /readyz, migrates before deploy and wires PostgreSQL and Key Value', () => {
    expect(web).toMatchObject({ runtime: 'docker', dockerfilePath: './docker/Dockerfile', healthCheckPath: '/readyz', preDeployCommand: MIGRATE });
    const keys = web?.type === 'web' ? (web.envVars ?? []).map((e) => e.key) : [];
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'CREDENTIALS_ENCRYPTION_KEY']));
    expect(keys.filter((key) => !known.has(key))).toEqual([]);
  });

  it('rejects an unknown field', () => {
    expect(blueprint.safeParse({ services: [{ type: 'web', name: 'x', runtime: 'docker', healthcheckPath: '/readyz' }] }).success).toBe(false);
  });
});

describe('Railway railway.json', () => {
  const config = railwayConfig.parse(JSON.parse(readRepoFile('railway.json')));

  it('builds docker/Dockerfile, migrates before deploy and checks /readyz', () => {
    expect(config.build).toMatchObject({ builder: 'DOCKERFILE', dockerfilePath: 'docker/Dockerfile' });
    expect(config.deploy.preDeployCommand).toEqual([MIGRATE]);
    expect(config.deploy.healthcheckPath).toBe('/readyz');
  });

  it('rejects a builder Railway does not have', () => {
    expect(railwayConfig.safeParse({ ...config, build: { builder: 'DOCKER' } }).success).toBe(false);
  });
});
