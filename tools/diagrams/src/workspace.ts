/** The workspace's projects and their @enterprise-mcp dependencies, read from each package.json. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render.js';

export interface Project {
  /** The node id in architecture.dot: the folder name, dashes as underscores. */
  id: string;
  folder: string;
  dependsOn: string[];
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const nodeId = (folderName: string) => folderName.replace(/-/g, '_');

export function workspaceProjects(root = repoRoot): Project[] {
  const manifests = ['packages', 'apps', 'tools'].flatMap((group) =>
    readdirSync(join(root, group))
      .filter((name) => existsSync(join(root, group, name, 'package.json')))
      .map((name) => ({ folder: `${group}/${name}`, json: JSON.parse(readFileSync(join(root, group, name, 'package.json'), 'utf8')) as PackageJson })),
  );
  const idByName = new Map(manifests.map(({ folder, json }) => [json.name, nodeId(folder.split('/')[1] ?? folder)]));
  return manifests.map(({ folder, json }) => ({
    id: nodeId(folder.split('/')[1] ?? folder),
    folder,
    dependsOn: Object.keys({ ...json.dependencies, ...json.devDependencies, ...json.peerDependencies })
      .flatMap((dep) => idByName.get(dep) ?? [])
      .sort(),
  }));
}
