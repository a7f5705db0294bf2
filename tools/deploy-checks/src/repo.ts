import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export function readRepoFile(path: string): string {
  return readFileSync(`${repoRoot}/${path}`, 'utf8');
}

export function readYaml(path: string): unknown {
  return YAML.parse(readRepoFile(path));
}
