import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  exports?: Record<string, unknown> | string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  nx?: { tags?: string[] };
}

export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

export const SCOPE = '@enterprise-mcp/';

/** Every package under the workspace globs (`packages/*`, `apps/*`, `tools/*`). */
export function workspacePackages(root: string): WorkspacePackage[] {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return workspaces.flatMap((glob) => {
    const parent = join(root, glob.replace(/\/\*$/, ''));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'package.json')))
      .map((entry) => {
        const dir = join(parent, entry.name);
        return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest };
      });
  });
}

export function isPublishable(pkg: WorkspacePackage): boolean {
  return !pkg.manifest.private && (pkg.manifest.nx?.tags ?? []).includes('scope:publishable');
}
