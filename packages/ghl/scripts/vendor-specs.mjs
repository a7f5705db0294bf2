#!/usr/bin/env node
// Vendors the parts of GoHighLevel's published OpenAPI files that the fake serves into
// src/testing/spec/<area>.json: the operations below and every component schema they reference.
// The fake validates requests against them (see src/testing/validate.ts).
//
// Source: GoHighLevel's public highlevel-api-docs repository (CC0 1.0), as copied to
// ../shared/specs/ghl (or the folder given as the first argument).
// Regenerate: npm run vendor-specs -w packages/ghl [-- <specs/ghl folder>]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '../../../../shared/specs/ghl'));
const target = join(here, '../src/testing/spec');

/** operationIds the fake serves, per OpenAPI file. */
const OPERATIONS = {
  contacts: [
    'search-contacts-advanced',
    'upsert-contact',
    'create-contact',
    'get-contact',
    'update-contact',
    'delete-contact',
    'add-tags',
    'remove-tags',
    'get-all-notes',
    'create-note',
    'get-all-tasks',
    'create-task',
    'update-task-completed',
  ],
  opportunities: [
    'get-pipelines',
    'get-lost-reason',
    'search-opportunity',
    'create-opportunity',
    'get-opportunity',
    'update-opportunity',
    'update-opportunity-status',
    'delete-opportunity',
  ],
  calendars: [
    'get-calendars',
    'get-calendar-events',
    'get-slots',
    'create-appointment',
    'edit-appointment',
    'get-appointment-notes',
    'create-appointment-note',
  ],
  conversations: ['search-conversation', 'get-messages', 'send-a-new-message'],
  locations: ['get-location', 'get-custom-fields'],
  users: ['search-users'],
  oauth: ['get-access-token', 'get-location-access-token', 'get-installed-location'],
};

/**
 * Corrections to the published files, each with its reason. Keep this list short and only for
 * schemas that contradict their own examples and the platform's behaviour.
 */
const ERRATA = [
  {
    file: 'contacts',
    pointer: '/components/schemas/UpdateContactDto/properties/dateOfBirth',
    set: { type: 'string', nullable: true },
    reason: 'declared `type: object` but documented and exampled as a date string ("1990-09-25")',
  },
  ...['NumericField', 'MonetoryField'].map((name) => ({
    file: 'contacts',
    pointer: `/components/schemas/${name}/properties/field_value`,
    set: { type: 'number' },
    reason: 'declared `type: object` but exampled as a number (100, 100.5), which is what numeric fields hold',
  })),
  {
    file: 'conversations',
    pointer: '/components/schemas/SendMessageBodyDto/properties/subType',
    set: { type: 'string' },
    reason: 'declared `type: object` but exampled as the string "Email"',
  },
  {
    file: 'conversations',
    pointer: '/components/schemas/SendMessageBodyDto',
    set: { required: ['type', 'contactId'] },
    reason:
      'the file marks subType and status required, but subType has no usable type (see above) and status is the ' +
      'delivery outcome (delivered/failed/pending/read), which the sender cannot know; the documentation page and the ' +
      'integrations in use send type, contactId and message only. Both stay declared, so a client may send them.',
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

for (const [file, operationIds] of Object.entries(OPERATIONS)) {
  const text = readFileSync(join(source, `${file}.json`), 'utf8');
  const doc = JSON.parse(text);
  for (const erratum of ERRATA.filter((e) => e.file === file)) {
    const node = at(doc, erratum.pointer);
    if (!node) throw new Error(`erratum ${erratum.pointer} does not match ${file}.json any more`);
    Object.assign(node, erratum.set);
  }
  const paths = {};
  const wanted = new Set(operationIds);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !wanted.has(op.operationId)) continue;
      wanted.delete(op.operationId);
      paths[path] ??= {};
      paths[path][method] = op;
    }
  }
  if (wanted.size > 0) throw new Error(`${file}.json lacks ${[...wanted].join(', ')}`);

  const schemas = {};
  const queue = [paths];
  while (queue.length > 0) {
    for (const ref of refsIn(queue.pop())) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      if (!name || schemas[name]) continue;
      const schema = doc.components?.schemas?.[name];
      if (!schema) throw new Error(`${file}.json: ${ref} is not defined`);
      schemas[name] = schema;
      queue.push(schema);
    }
  }

  const vendored = {
    openapi: doc.openapi,
    info: {
      ...doc.info,
      'x-provenance': {
        source: `GoHighLevel highlevel-api-docs: ${file}.json`,
        license: 'CC0-1.0',
        sha256: createHash('sha256').update(text).digest('hex'),
        subset: 'operations served by @enterprise-mcp/ghl/testing and the schemas they reference',
        errata: ERRATA.filter((e) => e.file === file).map(({ pointer, set, reason }) => ({ pointer, set, reason })),
        regenerate: 'npm run vendor-specs -w packages/ghl',
      },
    },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) },
  };
  writeFileSync(join(target, `${file}.json`), `${JSON.stringify(vendored, null, 1)}\n`);
  console.log(`${file}: ${operationIds.length} operations, ${Object.keys(schemas).length} schemas`);
}

function at(doc, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), doc);
}

function refsIn(value, out = []) {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  return out;
}
