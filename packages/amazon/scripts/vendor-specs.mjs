#!/usr/bin/env node
// Vendors the parts of Amazon's Selling Partner API models that this package calls and its fake
// serves into src/testing/spec/<model>.json: the operations below, every definition they
// reference, the sandbox cases (`x-amzn-api-sandbox`) of their responses, and each operation's
// usage plan (rate and burst, read from the "Usage Plan" table of its description).
//
// The models are Swagger 2.0; core's request validator reads Swagger 2.0 as it is, so they are
// not converted. Source: amzn/selling-partner-api-models (Apache-2.0) @ 34dc93fe (2026-08-05),
// as copied to ../shared/specs/amazon (or the folder given as the first argument).
// Regenerate: npm run vendor-specs -w packages/amazon [-- <specs/amazon folder>]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '../../../../shared/specs/amazon'));
const target = join(here, '../src/testing/spec');

/** operationIds served, per model file (without .json) and the name the package gives the model. */
const MODELS = {
  orders: { file: 'orders_2026-01-01', operations: ['searchOrders', 'getOrder'] },
  ordersV0: { file: 'ordersV0', operations: ['getOrderRegulatedInfo'] },
  fbaInventory: { file: 'fbaInventory', operations: ['getInventorySummaries'] },
  listings: {
    file: 'listingsItems_2021-08-01',
    operations: ['getListingsItem', 'searchListingsItems', 'patchListingsItem', 'putListingsItem', 'deleteListingsItem'],
  },
  catalog: { file: 'catalogItems_2022-04-01', operations: ['searchCatalogItems', 'getCatalogItem'] },
  reports: { file: 'reports_2021-06-30', operations: ['getReports', 'createReport', 'getReport', 'cancelReport', 'getReportDocument'] },
  sellers: { file: 'sellers', operations: ['getMarketplaceParticipations', 'getAccount'] },
  tokens: { file: 'tokens_2021-03-01', operations: ['createRestrictedDataToken'] },
};

/** Keys that document rather than constrain: dropped to keep the files small. */
const DOCS = new Set(['description', 'x-docgen-enum-table-extension', 'example', 'examples', 'externalDocs', 'summary', 'tags']);

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    // `properties` maps names to schemas: a property may be called "description".
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(inner).map(([name, schema]) => [name, strip(schema)]));
    else if (key === 'x-amzn-api-sandbox') out[key] = inner;
    else if (!DOCS.has(key)) out[key] = strip(inner);
  }
  return out;
}

function refsOf(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/definitions/')) found.add(inner.slice('#/definitions/'.length));
      else refsOf(inner, found);
    }
  }
  return found;
}

/** The "Usage Plan" table of an operation's description: `| 0.0056 | 20 |`. */
function usagePlanOf(description = '') {
  const row = /\|\s*Rate \(requests per second\)\s*\|\s*Burst\s*\|\s*\n\s*\|[-\s|]+\|\s*\n\s*\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/.exec(description);
  return row ? { rate: Number(row[1]), burst: Number(row[2]) } : undefined;
}

for (const [name, { file, operations }] of Object.entries(MODELS)) {
  const model = JSON.parse(readFileSync(join(source, `${file}.json`), 'utf8'));
  const paths = {};
  const wanted = new Set(operations);
  for (const [path, item] of Object.entries(model.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!operation?.operationId || !wanted.has(operation.operationId)) continue;
      wanted.delete(operation.operationId);
      const usagePlan = usagePlanOf(operation.description);
      if (!usagePlan) throw new Error(`${file} ${operation.operationId}: no usage plan table in its description`);
      paths[path] ??= {};
      paths[path][method] = { ...strip(operation), 'x-usage-plan': usagePlan };
    }
  }
  if (wanted.size) throw new Error(`${file}: no operation ${[...wanted].join(', ')}`);
  const definitions = {};
  const pending = [...refsOf(paths)];
  while (pending.length) {
    const ref = pending.pop();
    if (definitions[ref]) continue;
    if (!model.definitions?.[ref]) throw new Error(`${file}: #/definitions/${ref} is missing`);
    definitions[ref] = strip(model.definitions[ref]);
    pending.push(...refsOf(definitions[ref]));
  }
  const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
  const vendored = {
    swagger: model.swagger,
    info: { title: model.info.title, version: model.info.version, 'x-source': `amzn/selling-partner-api-models models/*/${file}.json @ 34dc93fe (Apache-2.0)` },
    host: model.host,
    schemes: model.schemes,
    consumes: model.consumes,
    produces: model.produces,
    paths,
    definitions: sorted,
  };
  writeFileSync(join(target, `${name}.json`), `${JSON.stringify(vendored, null, 1)}\n`);
  console.log(`${name}.json: ${Object.keys(paths).length} paths, ${Object.keys(sorted).length} definitions`);
}
