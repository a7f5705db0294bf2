/**
 * The part of DigitalOcean's App Platform spec that .do/app.yaml uses, as DigitalOcean documents it.
 * Source: https://github.com/digitalocean/openapi/tree/main/specification/resources/apps/models
 * (app_spec.yml, app_component_base.yml, app_component_instance_base.yml, app_service_spec.yml,
 * app_service_spec_health_check.yml, app_job_spec.yml, app_job_spec_kind.yml, app_database_spec.yml,
 * app_variable_definition.yml) and https://docs.digitalocean.com/products/app-platform/reference/app-spec/.
 * Objects are strict: a misspelt field fails here instead of being ignored by App Platform.
 */
import { z } from 'zod';

const componentName = z.string().min(2).max(32).regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);

const envVar = z.strictObject({
  key: z.string().regex(/^[_A-Za-z][_A-Za-z0-9]*$/),
  value: z.string().optional(),
  scope: z.enum(['UNSET', 'RUN_TIME', 'BUILD_TIME', 'RUN_AND_BUILD_TIME']).optional(),
  type: z.enum(['GENERAL', 'SECRET']).optional(),
});

const github = z.strictObject({ repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/), branch: z.string().min(1), deploy_on_push: z.boolean().optional() });

const instanceSize = z.enum([
  'apps-s-1vcpu-0.5gb', 'apps-s-1vcpu-1gb-fixed', 'apps-s-1vcpu-1gb', 'apps-s-1vcpu-2gb', 'apps-s-2vcpu-4gb',
  'apps-d-1vcpu-0.5gb', 'apps-d-1vcpu-1gb', 'apps-d-1vcpu-2gb', 'apps-d-1vcpu-4gb', 'apps-d-2vcpu-4gb',
  'apps-d-2vcpu-8gb', 'apps-d-4vcpu-8gb', 'apps-d-4vcpu-16gb', 'apps-d-8vcpu-32gb',
]);

const source = {
  name: componentName,
  github: github.optional(),
  dockerfile_path: z.string().min(1).optional(),
  source_dir: z.string().optional(),
  build_command: z.string().optional(),
  run_command: z.string().optional(),
  envs: z.array(envVar).optional(),
  instance_size_slug: instanceSize.optional(),
  instance_count: z.int().min(1).optional(),
};

const healthCheck = z.strictObject({
  http_path: z.string().startsWith('/').optional(),
  port: z.int().min(1).max(65535).optional(),
  initial_delay_seconds: z.int().min(0).max(3600).optional(),
  period_seconds: z.int().min(1).max(300).optional(),
  timeout_seconds: z.int().min(1).max(120).optional(),
  success_threshold: z.int().min(1).max(1).optional(),
  failure_threshold: z.int().min(1).max(50).optional(),
});

const service = z.strictObject({
  ...source,
  http_port: z.int().min(1).max(65535).optional(),
  health_check: healthCheck.optional(),
  liveness_health_check: healthCheck.optional(),
});

const job = z.strictObject({ ...source, kind: z.enum(['UNSPECIFIED', 'PRE_DEPLOY', 'POST_DEPLOY', 'FAILED_DEPLOY']).optional() });

const database = z.strictObject({
  name: componentName,
  engine: z.enum(['UNSET', 'MYSQL', 'PG', 'REDIS', 'MONGODB', 'KAFKA', 'OPENSEARCH', 'VALKEY']).optional(),
  version: z.string().optional(),
  production: z.boolean().optional(),
  cluster_name: z.string().optional(),
  db_name: z.string().optional(),
  db_user: z.string().optional(),
});

export const appSpec = z.strictObject({
  name: componentName,
  region: z.enum(['ams', 'nyc', 'fra', 'sfo', 'sgp', 'blr', 'tor', 'lon', 'syd']).optional(),
  services: z.array(service).optional(),
  jobs: z.array(job).optional(),
  databases: z.array(database).optional(),
});

export type AppSpec = z.output<typeof appSpec>;
