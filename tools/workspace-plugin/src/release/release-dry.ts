/**
 * `npm run release:dry`: packs every publishable package (after the build) and fails when a
 * tarball holds anything but dist, README.md, LICENSE and package.json, misses one of them, or
 * depends on one of our packages with a range its current version does not satisfy.
 */
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { isPublishable, workspacePackages, type WorkspacePackage } from './publishable.js';
import { internalRangeProblems, tarballProblems } from './tarball.js';

interface PackResult {
  files: Array<{ path: string }>;
  size: number;
  unpackedSize: number;
}

export interface PackageReport {
  name: string;
  version: string;
  dir: string;
  files: number;
  size: number;
  problems: string[];
}

export function checkRelease(root: string, pack = npmPackDryRun): PackageReport[] {
  const packages = workspacePackages(root);
  const versions = new Map(packages.map((p) => [p.manifest.name, isPublishable(p) ? p.manifest.version : null]));
  // `changeset publish` publishes every package that is not private, tagged or not.
  const untagged = packages
    .filter((pkg) => !pkg.manifest.private && !isPublishable(pkg))
    .map((pkg) => ({
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      dir: relative(root, pkg.dir),
      files: 0,
      size: 0,
      problems: ['is not private, so changeset publish would publish it, but is not tagged scope:publishable; mark it private or tag it'],
    }));
  const checked = packages.filter(isPublishable).map((pkg) => {
    const result = pack(pkg);
    const files = result.files.map((file) => file.path);
    return {
      name: pkg.manifest.name,
      version: pkg.manifest.version,
      dir: relative(root, pkg.dir),
      files: files.length,
      size: result.size,
      problems: [...tarballProblems(files, pkg.manifest), ...internalRangeProblems(pkg.manifest, versions)],
    };
  });
  return [...checked, ...untagged];
}

function npmPackDryRun(pkg: WorkspacePackage): PackResult {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [result] = JSON.parse(output) as PackResult[];
  if (!result) throw new Error(`npm pack printed nothing for ${pkg.manifest.name}`);
  return result;
}

export function formatReport(reports: PackageReport[]): string {
  const lines = reports.map((r) => {
    const head = `${r.problems.length ? 'FAIL' : 'ok  '} ${r.name}@${r.version} (${r.dir}): ${r.files} files, ${(r.size / 1024).toFixed(1)} kB packed`;
    return [head, ...r.problems.map((problem) => `       - ${problem}`)].join('\n');
  });
  const failed = reports.filter((r) => r.problems.length > 0).length;
  lines.push(failed ? `${failed} of ${reports.length} packages cannot be published as they are.` : `All ${reports.length} publishable packages are ready.`);
  return lines.join('\n');
}
