/**
 * What a Markdown document names must exist: `enterprise-mcp <command>` in the CLI, `npm run <x>` in a
 * package.json, UPPER_CASE variables in the config schema (or a known platform/tool variable), and every
 * relative link with its anchor.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './repo.js';

/** Variables a document may name that the server does not read, each with why. */
export const KNOWN_VARIABLES: Record<string, string> = {
  APP_URL: 'DigitalOcean bindable variable',
  APP_DOMAIN: 'DigitalOcean bindable variable',
  RAILWAY_PUBLIC_DOMAIN: 'Railway-provided variable',
  POSTGRES_PASSWORD: 'docker/compose.production.yml, the postgres image',
  EMCP_IMAGE: 'docker/compose.prod.yml image override',
  EMCP_BIND: 'docker/compose.prod.yml bind address',
  EMCP_DOMAIN: 'docker/Caddyfile site address',
  ENV_FILE: 'read by loadEnvFile in apps/server/src/config.ts',
  NODE_OPTIONS: 'Node.js',
  TEST_DATABASE_URL: 'tests',
  TEST_REDIS_URL: 'tests',
  TEST_RESULTS_DIR: 'CI test results',
  CI: 'CI',
  NX_DAEMON: 'Nx',
  NPM_TOKEN: 'the release job\'s registry token (CONTRIBUTING.md)',
  MALLOC_ARENA_MAX: 'glibc, measured in tools/bench/RESULTS.md',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'the OpenTelemetry SDK; its presence turns tracing on (apps/server/src/telemetry/tracing.ts)',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'the OpenTelemetry SDK, as above',
  OTEL_TRACES_EXPORTER: 'the OpenTelemetry SDK, as above',
  AUDIT_RETENTION_DAYS: 'read by `audit retention` only (apps/server/src/cli/audit-chain.ts), not by the server',
  REDACT_PATHS: 'a constant in apps/server/src/logger.ts that LOGGING_GUIDE.md points to',
};

/** Names documents may use that are not server settings: the generator's example ecosystem, the benchmarks' knobs. */
const OTHER_PREFIX = /^(ACME_CRM|BENCH|SOAK)_/;


/** Documents for operators, where any backticked UPPER_CASE name is a variable; elsewhere only `NAME=` counts (packages name code constants so). */
export function isOperatorDocument(name: string): boolean {
  return /^(README|SECURITY|ARCHITECTURE|QUICK_START|DEPLOYMENT|DATABASE_SETUP|LOGGING_GUIDE)\.md$|^docs\//.test(name);
}

export function markdownFiles(dir = repoRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'tmp', '.git', '.nx', 'CHANGELOG.md'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** GitHub's anchor for a heading. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  return result;
}

export function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (!target || /^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#');
    const resolved = path ? join(dirname(file), decodeURIComponent(path)) : file;
    if (!existsSync(resolved)) problems.push(`${target}: no such file`);
    else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) problems.push(`${target}: no such heading`);
  }
  return problems;
}

export function namedCommands(text: string): string[][] {
  return [...text.matchAll(/(?:^|[\s`(])enterprise-mcp ([a-z][a-z-]*)(?: ([a-z][a-z-]*)\b(?!:))?(?!:)/gm)]
    .filter((m) => !/^https?$/.test(m[1] ?? ''))
    .map((m) => [m[1] ?? '', ...(m[2] ? [m[2]] : [])]);
}

export function namedScripts(text: string): string[] {
  return [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
}

export function namedVariables(text: string, operator = true): string[] {
  const assigned = [...text.matchAll(/(?:^|[\s`'"])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=/gm)];
  const backticked = operator ? [...text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)] : [];
  return [...new Set([...assigned, ...backticked].map((m) => m[1] ?? ''))].filter((v) => !OTHER_PREFIX.test(v));
}

export function relativeName(file: string): string {
  return relative(repoRoot, file);
}
