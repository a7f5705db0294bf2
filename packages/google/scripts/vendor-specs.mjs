#!/usr/bin/env node
// Vendors the parts of Google's published discovery documents that the fake serves into
// src/testing/spec/<api>.subset.json: the methods below (every field: httpMethod, path, flatPath,
// parameters, parameterOrder, scopes, request, response, mediaUpload…) inside their resources,
// the document's global parameters, and every schema the methods reference, transitively.
// Descriptions are dropped; nothing else is changed. The fake validates requests against these
// files and checks scopes with them (see src/testing/spec.ts).
//
// Source: googleapis/discovery-artifact-manager, discoveries/<api>.json at the commits below,
// saved to a folder (the first argument; default ../shared/specs/google next to the repository).
// Each document's revision and SHA-256 are checked against this table, so a subset always names
// the exact document it was cut from.
// Regenerate: npm run vendor-specs -w packages/google [-- <folder with gmail.v1.json, …>]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '../../../../shared/specs/google'));
const target = join(here, '../src/testing/spec');
const REPO = 'googleapis/discovery-artifact-manager';

/** Per document: where it comes from, what it must be, and the method ids the fake serves. */
const DOCUMENTS = {
  'gmail.v1': {
    commit: '72eb20e0f640097dc1215f12f1970dbe86413e48',
    revision: '20230424',
    sha256: '36c9dea9903504d9691b7cfbd6308a21c9514a3c22e814fbf1d41a91350f20e9',
    methods: [
      'gmail.users.getProfile',
      'gmail.users.messages.list',
      'gmail.users.messages.get',
      'gmail.users.messages.send',
      'gmail.users.messages.modify',
      'gmail.users.messages.trash',
      'gmail.users.messages.attachments.get',
      'gmail.users.threads.list',
      'gmail.users.threads.get',
      'gmail.users.threads.modify',
      'gmail.users.threads.trash',
      'gmail.users.labels.list',
      'gmail.users.drafts.create',
      'gmail.users.drafts.update',
      'gmail.users.drafts.get',
      'gmail.users.drafts.send',
    ],
  },
  'calendar.v3': {
    commit: '3e4ee55e9a3a5c15dd77ff5f69b7866c91144f22',
    revision: '20230317',
    sha256: '2ea8db26bed7bb9546fe192cf290b8e9de76882633f85db6cadf5cb009e1cc10',
    methods: [
      'calendar.calendarList.list',
      'calendar.events.list',
      'calendar.events.get',
      'calendar.events.insert',
      'calendar.events.patch',
      'calendar.events.delete',
      'calendar.freebusy.query',
    ],
  },
  'drive.v3': {
    commit: '013019dadb731e4207a16f9dc1516b34dda8da1b',
    revision: '20230219',
    sha256: '311d6cb7b2458b65e77461e12deb496b49d815b225f9a864f5c701fe066a09aa',
    methods: [
      'drive.about.get',
      'drive.files.list',
      'drive.files.get',
      'drive.files.export',
      'drive.files.create',
      'drive.files.update',
      'drive.permissions.create',
      'drive.permissions.list',
      'drive.permissions.delete',
    ],
  },
  'sheets.v4': {
    commit: '092d7528cbe6ddd00230aec14719d64af634d05c',
    revision: '20230227',
    sha256: '8291df59a4c830836625492836bfa713dae9617b1dfc3235eb27102c4258bb98',
    methods: [
      'sheets.spreadsheets.create',
      'sheets.spreadsheets.get',
      'sheets.spreadsheets.batchUpdate',
      'sheets.spreadsheets.values.get',
      'sheets.spreadsheets.values.update',
      'sheets.spreadsheets.values.append',
    ],
  },
  'docs.v1': {
    commit: '5f6be524dfa3ee2c139ed47cbb54b4d806bbc2a0',
    revision: '20230227',
    sha256: '3f41222f2c88e24268c0b6e8f128fd3db1e85484dd60f154a4d0836d2b4d08fb',
    methods: ['docs.documents.get', 'docs.documents.create', 'docs.documents.batchUpdate'],
  },
};

/** The document's own keys that the subset keeps (the rest is branding and links). */
const TOP_LEVEL = ['kind', 'discoveryVersion', 'id', 'name', 'version', 'revision', 'title', 'rootUrl', 'servicePath', 'batchPath', 'auth', 'parameters'];

/** Keys that document rather than constrain. */
const DOCS = new Set(['description', 'enumDescriptions']);

/** Maps whose keys are names, not keywords: a property or parameter may be called "description". */
const NAMED = new Set(['properties', 'parameters', 'scopes']);

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (DOCS.has(key)) continue;
    out[key] = NAMED.has(key) && inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).map(([name, item]) => [name, strip(item)])) : strip(inner);
  }
  return out;
}

/** Discovery `$ref`s name a schema directly (`"$ref": "Message"`). */
function refsOf(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, found));
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.add(inner);
      else refsOf(inner, found);
    }
  return found;
}

/** The resource tree cut down to the wanted methods; `wanted` loses each id it finds. */
function prune(node, wanted) {
  const out = {};
  const methods = Object.fromEntries(Object.entries(node.methods ?? {}).filter(([, method]) => wanted.delete(method.id)));
  if (Object.keys(methods).length) out.methods = methods;
  const resources = {};
  for (const [name, resource] of Object.entries(node.resources ?? {})) {
    const kept = prune(resource, wanted);
    if (Object.keys(kept).length) resources[name] = kept;
  }
  if (Object.keys(resources).length) out.resources = resources;
  return out;
}

for (const [api, { commit, revision, sha256, methods }] of Object.entries(DOCUMENTS)) {
  const text = readFileSync(join(source, `${api}.json`), 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  const doc = JSON.parse(text);
  if (doc.revision !== revision) throw new Error(`${api}.json is revision ${doc.revision}, not ${revision} (${REPO}@${commit}): update the table first`);
  if (digest !== sha256) throw new Error(`${api}.json has SHA-256 ${digest}, not ${sha256} (${REPO}@${commit}): a different document, or a new one to record in the table`);

  const wanted = new Set(methods);
  const { resources } = prune(doc, wanted);
  if (wanted.size) throw new Error(`${api}.json has no method ${[...wanted].join(', ')}`);

  const schemas = {};
  const pending = [...refsOf(resources)];
  while (pending.length) {
    const name = pending.pop();
    if (schemas[name]) continue;
    if (!doc.schemas?.[name]) throw new Error(`${api}.json: schema ${name} is referenced but not defined`);
    schemas[name] = strip(doc.schemas[name]);
    pending.push(...refsOf(schemas[name]));
  }

  const subset = {
    ...Object.fromEntries(TOP_LEVEL.filter((key) => doc[key] !== undefined).map((key) => [key, strip(doc[key])])),
    'x-source': {
      repo: REPO,
      path: `discoveries/${api}.json`,
      commit,
      revision,
      sha256: digest,
      subset: 'the methods the fake serves, the global parameters and every schema the methods reference; descriptions dropped',
      regenerate: 'npm run vendor-specs -w packages/google',
    },
    resources: strip(resources),
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeFileSync(join(target, `${api}.subset.json`), `${JSON.stringify(subset, null, 1)}\n`);
  console.log(`${api}.subset.json: ${methods.length} methods, ${Object.keys(schemas).length} schemas (revision ${revision})`);
}
