import semver from 'semver';
import { SCOPE, type PackageManifest } from './publishable.js';

/** What may ship: the build output, the readme, the licence and the manifest; nothing else. */
const REQUIRED = ['package.json', 'README.md', 'LICENSE'];
const FORBIDDEN_IN_DIST = [/\.test\./, /\.spec\./, /\.tsbuildinfo$/, /(^|\/)\.env/, /(^|\/)__fixtures__\//];

/** Problems with a tarball's file list; empty when it holds exactly what should ship. */
export function tarballProblems(files: string[], manifest: PackageManifest): string[] {
  const problems: string[] = [];
  for (const required of REQUIRED) {
    if (!files.includes(required)) problems.push(`missing ${required}`);
  }
  if (!files.some((file) => file.startsWith('dist/'))) problems.push('missing dist/ (was the package built?)');
  for (const file of files) {
    if (REQUIRED.includes(file)) continue;
    if (!file.startsWith('dist/')) problems.push(`unexpected file ${file}`);
    else if (FORBIDDEN_IN_DIST.some((pattern) => pattern.test(file))) problems.push(`unexpected file ${file}`);
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!files.includes(target)) problems.push(`exports point at ${target}, which is not in the tarball`);
  }
  return problems;
}

/**
 * The files consumers resolve through `exports`. The `@enterprise-mcp/source` condition points at
 * sources that are deliberately not shipped (only this workspace sets that condition).
 */
export function exportTargets(exports: PackageManifest['exports']): string[] {
  const targets = new Set<string>();
  const visit = (value: unknown, condition?: string) => {
    if (condition === '@enterprise-mcp/source') return;
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, key);
    }
  };
  visit(exports);
  return [...targets].filter((target) => !target.includes('*'));
}

/**
 * Problems with ranges on our own packages: each must name a publishable package of ours
 * and accept its current version, or the published packages would not install together.
 */
export function internalRangeProblems(manifest: PackageManifest, versions: Map<string, string | null>): string[] {
  const problems: string[] = [];
  const sections = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;
  for (const section of sections) {
    for (const [name, range] of Object.entries(manifest[section] ?? {})) {
      if (!name.startsWith(SCOPE)) continue;
      if (!versions.has(name)) {
        problems.push(`${section}.${name} is not a package of this workspace`);
        continue;
      }
      const version = versions.get(name);
      if (version === null) problems.push(`${section}.${name} is not publishable (private or not tagged scope:publishable)`);
      else if (!semver.validRange(range)) problems.push(`${section}.${name} has "${range}", not a semver range npm can resolve`);
      else if (!semver.satisfies(version!, range)) problems.push(`${section}.${name} "${range}" does not accept its version ${version}`);
    }
  }
  return problems;
}
