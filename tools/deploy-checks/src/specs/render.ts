/**
 * The part of Render's Blueprint spec that render.yaml uses, as Render documents it.
 * Source: https://render.com/docs/blueprint-spec (JSON Schema published at
 * https://render.com/schema/render.yaml.json). Strict objects: an unknown field fails.
 */
import { z } from 'zod';

const region = z.enum(['oregon', 'ohio', 'virginia', 'frankfurt', 'singapore']);

const envVar = z.union([
  z.strictObject({ key: z.string().min(1), value: z.string() }),
  z.strictObject({ key: z.string().min(1), generateValue: z.literal(true) }),
  z.strictObject({ key: z.string().min(1), sync: z.literal(false) }),
  z.strictObject({
    key: z.string().min(1),
    fromDatabase: z.strictObject({ name: z.string().min(1), property: z.enum(['connectionString', 'host', 'port', 'user', 'password', 'database']) }),
  }),
  z.strictObject({
    key: z.string().min(1),
    fromService: z.strictObject({
      type: z.enum(['web', 'pserv', 'worker', 'cron', 'keyvalue', 'redis']),
      name: z.string().min(1),
      property: z.enum(['host', 'port', 'hostport', 'connectionString']).optional(),
      envVarKey: z.string().optional(),
    }),
  }),
]);

const webService = z.strictObject({
  type: z.literal('web'),
  name: z.string().min(1),
  runtime: z.enum(['docker', 'elixir', 'go', 'node', 'python', 'ruby', 'rust', 'image', 'static']),
  dockerfilePath: z.string().optional(),
  dockerContext: z.string().optional(),
  plan: z.enum(['free', 'starter', 'standard', 'pro', 'pro plus', 'pro max', 'pro ultra']).optional(),
  region: region.optional(),
  numInstances: z.int().min(1).optional(),
  healthCheckPath: z.string().startsWith('/').optional(),
  preDeployCommand: z.string().optional(),
  maxShutdownDelaySeconds: z.int().min(1).max(300).optional(),
  envVars: z.array(envVar).optional(),
});

const keyValue = z.strictObject({
  type: z.literal('keyvalue'),
  name: z.string().min(1),
  plan: z.enum(['free', 'starter', 'standard', 'pro', 'pro plus']).optional(),
  region: region.optional(),
  maxmemoryPolicy: z.enum(['allkeys-lfu', 'allkeys-lru', 'allkeys-random', 'noeviction', 'volatile-lfu', 'volatile-lru', 'volatile-random', 'volatile-ttl']).optional(),
  ipAllowList: z.array(z.strictObject({ source: z.string(), description: z.string().optional() })),
});

const database = z.strictObject({
  name: z.string().min(1),
  plan: z.string().optional(),
  region: region.optional(),
  postgresMajorVersion: z.string().regex(/^\d+$/).optional(),
  databaseName: z.string().optional(),
  user: z.string().optional(),
  ipAllowList: z.array(z.strictObject({ source: z.string(), description: z.string().optional() })).optional(),
});

export const blueprint = z.strictObject({
  services: z.array(z.discriminatedUnion('type', [webService, keyValue])),
  databases: z.array(database).optional(),
});
