import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram, configVariables, ecosystems } from '@enterprise-mcp/server';
import { KNOWN_VARIABLES, anchors, isOperatorDocument, brokenLinks, markdownFiles, namedCommands, namedScripts, namedVariables, relativeName } from './docs-check.js';
import { repoRoot } from './repo.js';

const files = markdownFiles().filter((f) => !f.includes('/.changeset/'));
const texts = files.map((file) => ({ name: relativeName(file), file, text: readFileSync(file, 'utf8') }));

describe('documents', () => {
  it('name only CLI commands that exist', () => {
    const program = buildProgram();
    const top = new Map(program.commands.map((c) => [c.name(), new Set(c.commands.map((s) => s.name()))]));
    const wrong = texts.flatMap(({ name, text }) =>
      namedCommands(text)
        .filter(([command, sub]) => {
          const subs = top.get(command ?? '');
          if (!subs) return true;
          return sub !== undefined && subs.size > 0 && !subs.has(sub) && !/^(serve|demo|stdio|bridge)$/.test(command ?? '');
        })
        .map((words) => `${name}: enterprise-mcp ${words.join(' ')}`),
    );
    expect(wrong).toEqual([]);
  });

  it('name only npm scripts that exist', () => {
    // Any workspace's script counts: documents name them with `-w <package>` or from the package's folder.
    const scripts = new Set<string>();
    for (const dir of ['.', ...['packages', 'apps', 'tools'].flatMap((d) => readdirSync(join(repoRoot, d)).map((n) => `${d}/${n}`))]) {
      const manifest = join(repoRoot, dir, 'package.json');
      if (existsSync(manifest)) for (const s of Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {})) scripts.add(s);
    }
    const wrong = texts.flatMap(({ name, text }) => namedScripts(text).filter((s) => !scripts.has(s)).map((s) => `${name}: npm run ${s}`));
    expect(wrong).toEqual([]);
  });

  it('name only environment variables the server reads or that are known with a reason', () => {
    const cliVariables = buildProgram().commands.flatMap((c) => [...c.options, ...c.commands.flatMap((s) => s.options)].map((o) => o.envVar ?? ''));
    const known = new Set([...configVariables(ecosystems), ...cliVariables, ...Object.keys(KNOWN_VARIABLES)]);
    const wrong = texts.flatMap(({ name, text }) =>
      namedVariables(text, isOperatorDocument(name)).filter((v) => !known.has(v)).map((v) => `${name}: ${v}`),
    );
    expect(wrong).toEqual([]);
  });

  it('name every workspace project in README, ARCHITECTURE, SECURITY and CONTRIBUTING', () => {
    const projects = ['packages', 'apps', 'tools'].flatMap((d) =>
      readdirSync(join(repoRoot, d)).filter((n) => existsSync(join(repoRoot, d, n, 'package.json'))).map((n) => `${d}/${n}`),
    );
    const missing = ['README.md', 'ARCHITECTURE.md', 'SECURITY.md', 'CONTRIBUTING.md'].flatMap((doc) => {
      const text = readFileSync(join(repoRoot, doc), 'utf8');
      return projects.filter((p) => !text.includes(p)).map((p) => `${doc}: ${p}`);
    });
    expect(missing).toEqual([]);
  });

  it('link only to files and headings that exist', () => {
    expect(files.flatMap((file) => brokenLinks(file).map((p) => `${relativeName(file)}: ${p}`))).toEqual([]);
  });

  it('the checker finds what it is meant to find', () => {
    expect(anchors('# Deploy to DigitalOcean\n## Step 1: the app\n## Step 1: the app\n')).toEqual(
      new Set(['deploy-to-digitalocean', 'step-1-the-app', 'step-1-the-app-1']),
    );
    expect(namedVariables('set `NOT_A_VAR` and\n```\nLOG_LEVEL=info\n```')).toEqual(['LOG_LEVEL', 'NOT_A_VAR']);
    expect(namedVariables('the `SOME_CONSTANT` and\n  LOG_LEVEL=info', false)).toEqual(['LOG_LEVEL']);
    expect(namedCommands('run enterprise-mcp keys create --tenant x')).toEqual([['keys', 'create']]);
    expect(repoRoot.endsWith('/')).toBe(true);
  });
});
