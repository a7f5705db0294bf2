import { formatFiles, generateFiles, installPackagesTask, logger, readJson, type Tree } from '@nx/devkit';
import { fileURLToPath } from 'node:url';
import { formatGeneratedFiles } from './format.js';
import { assertNoClash, ecosystemNames, validateDisplayName, validateName, type EcosystemNames } from './names.js';
import type { EcosystemGeneratorSchema } from './schema.js';
import { addToDocs } from './docs.js';
import { wireIntoServer } from './wiring.js';

const TEMPLATES = fileURLToPath(new URL('./files', import.meta.url));

export async function ecosystemGenerator(tree: Tree, options: EcosystemGeneratorSchema) {
  validateName(options.name);
  if (options.displayName !== undefined) validateDisplayName(options.displayName);
  const names = ecosystemNames(options.name, options.displayName);
  assertNoClash(tree, names);
  const substitutions = templateValues(tree, names, options);
  const root = `packages/${names.name}`;
  generateFiles(tree, TEMPLATES, root, substitutions);
  copyLicense(tree, root);
  writeChangeset(tree, names);
  const envVars = [...substitutions.modeVariables, `${names.constantName}_ENVIRONMENT`, `${names.constantName}_BASE_URL`];
  const wiring = options.skipWiring
    ? { messages: ['Skipped server wiring (--skip-wiring).'], serverWired: false }
    : wireIntoServer(tree, names, envVars);
  const documented = addToDocs(tree, names, { serverDependsOnIt: wiring.serverWired });
  if (!options.skipFormat) {
    await formatGeneratedFiles(tree, root);
    // The workspace's own formatter, when it configures one, has the last word.
    await formatFiles(tree);
  }
  return () => {
    for (const message of [...wiring.messages, ...documented]) logger.info(message);
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
  const oauth = (options.auth ?? 'api-key') === 'oauth2';
  const baseUrl = parseBaseUrl(options.baseUrl ?? `https://api.${names.name}.com/v1`);
  const path = baseUrl.pathname.replace(/\/+$/, '');
  const variable = (suffix: string) => `${names.constantName}_${suffix}`;
  return {
    ...names,
    oauth,
    /** The one auth mode's name: `key` or `oauth`. */
    mode: oauth ? 'oauth' : 'key',
    modeVariables: oauth ? [variable('CLIENT_ID'), variable('CLIENT_SECRET')] : [variable('API_KEY')],
    baseUrl: `${baseUrl.origin}${path}`,
    // A guess the template marks as a placeholder: platforms name their sandboxes in many ways.
    sandboxBaseUrl: `${baseUrl.protocol}//sandbox.${baseUrl.host}${path}`,
    origin: baseUrl.origin,
    basePath: path,
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
    `---\n"@enterprise-mcp/${names.name}": minor\n---\n\nFirst release of the ${names.displayName} ecosystem package, scaffolded by the ecosystem generator: the ${names.displayName} client, the items tools, the ecosystem definition, \`register${names.className}Tools\` and the fake (\`startFake\` from \`@enterprise-mcp/${names.name}/testing\`).\n`,
  );
}
