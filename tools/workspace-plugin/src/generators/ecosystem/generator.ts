import { formatFiles, generateFiles, installPackagesTask, logger, readJson, type Tree } from '@nx/devkit';
import { fileURLToPath } from 'node:url';
import { assertNoClash, ecosystemNames, validateName, type EcosystemNames } from './names.js';
import type { EcosystemGeneratorSchema } from './schema.js';
import { wireIntoServer } from './wiring.js';

const TEMPLATES = fileURLToPath(new URL('./files', import.meta.url));

export async function ecosystemGenerator(tree: Tree, options: EcosystemGeneratorSchema) {
  validateName(options.name);
  const names = ecosystemNames(options.name, options.displayName);
  assertNoClash(tree, names);
  const substitutions = templateValues(tree, names, options);
  const root = `packages/${names.name}`;
  generateFiles(tree, TEMPLATES, root, substitutions);
  copyLicense(tree, root);
  writeChangeset(tree, names);
  const envVars = [substitutions.credentialEnv, `${names.constantName}_BASE_URL`];
  const wiring = options.skipWiring
    ? { messages: ['Skipped server wiring (--skip-wiring).'] }
    : wireIntoServer(tree, names, envVars);
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    for (const message of wiring.messages) logger.info(message);
    if (options.skipInstall) {
      logger.info(`Run "npm install" to link @enterprise-mcp/${names.name} into node_modules.`);
    } else {
      installPackagesTask(tree, true);
    }
    logger.info(`Next: npx nx run-many -t build lint typecheck test -p @enterprise-mcp/${names.name}`);
  };
}

export default ecosystemGenerator;

function templateValues(tree: Tree, names: EcosystemNames, options: EcosystemGeneratorSchema) {
  const auth = options.auth ?? 'api-key';
  const baseUrl = parseBaseUrl(options.baseUrl ?? `https://api.${names.name}.com/v1`);
  const oauth = auth === 'oauth2';
  return {
    ...names,
    auth,
    baseUrl: baseUrl.href.replace(/\/+$/, ''),
    origin: baseUrl.origin,
    basePath: baseUrl.pathname.replace(/\/+$/, ''),
    credentialField: oauth ? 'accessToken' : 'apiKey',
    credentialSlug: oauth ? 'token' : 'key',
    credentialEnv: `${names.constantName}_${oauth ? 'ACCESS_TOKEN' : 'API_KEY'}`,
    credentialDescription: oauth
      ? `OAuth 2.0 access token for the ${names.displayName} API`
      : `API key for the ${names.displayName} API`,
    coreVersion: coreVersion(tree),
    tmpl: '',
  };
}

function parseBaseUrl(value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // falls through to the error below
  }
  throw new Error(`Invalid --base-url "${value}": give an absolute http(s) URL such as https://api.example.com/v1.`);
}

function coreVersion(tree: Tree): string {
  const manifest = 'packages/core/package.json';
  return tree.exists(manifest) ? readJson<{ version: string }>(tree, manifest).version : '0.1.0';
}

function copyLicense(tree: Tree, root: string): void {
  const license = tree.read('LICENSE', 'utf-8');
  if (license) tree.write(`${root}/LICENSE`, license);
  else logger.warn(`No LICENSE at the workspace root: add one to ${root} before publishing.`);
}

function writeChangeset(tree: Tree, names: EcosystemNames): void {
  tree.write(
    `.changeset/${names.name}-package.md`,
    `---\n"@enterprise-mcp/${names.name}": minor\n---\n\nFirst release of the ${names.displayName} ecosystem package, scaffolded by the ecosystem generator.\n`,
  );
}
