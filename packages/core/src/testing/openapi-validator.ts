import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';

/**
 * Validates requests against a platform's published API description, so a fake rejects what the
 * platform rejects: an OpenAPI 3.0/3.1 or Swagger 2.0 document (or a subset of one: the
 * operations a fake serves and the schemas they reference), an operation, and a request's JSON
 * body and query string. It returns a list of problems; each fake turns them into its platform's
 * own error body.
 *
 * - `$ref`s inside the document are resolved (`#/components/schemas/…`, `#/definitions/…`);
 *   references to other files are accepted as "anything" (vendor what you need into the subset).
 * - OpenAPI 3.0 `nullable: true` and Swagger's `x-nullable` allow `null`.
 * - `additionalProperties` is honoured as the document declares it. With `rejectUnknown`, objects
 *   that declare `properties` and say nothing about `additionalProperties` are closed, as
 *   NestJS's `whitelist` + `forbidNonWhitelisted` does (`property X should not exist`).
 * - Query values are strings on the wire; they are coerced to the declared type before checking.
 */

export type OpenApiDocument = Record<string, unknown>;

export type RequestProblemKind = 'unknown_property' | 'missing_required' | 'wrong_type' | 'other';

export interface RequestProblem {
  /** Where: `body` or `query`. */
  in: 'body' | 'query';
  /** Dotted path of the offending value (`customFields.0.id`); '' for the whole body. */
  path: string;
  /** The property the problem is about (the unknown or missing one, or the last path segment). */
  property: string;
  /** ajv's message (`must be string`, `must have required property 'x'`, …). */
  message: string;
  kind: RequestProblemKind;
}

export interface OperationRef {
  /** HTTP method, any case. */
  method?: string;
  /** Path template as written in the document (`/contacts/{contactId}`), or a concrete path. */
  path?: string;
  operationId?: string;
}

export interface RequestToValidate {
  body?: unknown;
  /** Parsed query string; repeated keys as arrays. */
  query?: URLSearchParams | Record<string, string | string[] | undefined>;
}

export interface OpenApiValidatorOptions {
  /**
   * Treat properties an object schema does not declare as errors (kind `unknown_property`), for
   * platforms known to reject them. `true` for body and query, or per part. Default false.
   */
  rejectUnknown?: boolean | { body?: boolean; query?: boolean };
  /** Check `format` (email, date-time, uri, …) with ajv-formats. Default true. */
  formats?: boolean;
}

export interface OpenApiValidator {
  /** Problems of a request to an operation; empty when it is valid. Throws for an unknown operation. */
  validate(operation: OperationRef | string, request: RequestToValidate): RequestProblem[];
  /** Whether the document describes the operation. */
  has(operation: OperationRef | string): boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
/** Annotations that are not validation keywords (or are shaped differently across drafts). */
const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'x-nullable', 'nullable']);
const DOC_ID = 'urn:openapi-validator:document';

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  operationId?: string;
  /** Compiled on first use: a fake loads a whole document but exercises a few operations. */
  compiled?: { body?: ValidateFunction; query?: ValidateFunction };
  compile: () => { body?: ValidateFunction; query?: ValidateFunction };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function createOpenApiValidator(document: OpenApiDocument, options: OpenApiValidatorOptions = {}): OpenApiValidator {
  const unknown = options.rejectUnknown;
  const closeBody = typeof unknown === 'object' ? (unknown.body ?? false) : (unknown ?? false);
  const closeQuery = typeof unknown === 'object' ? (unknown.query ?? false) : (unknown ?? false);
  const swagger2 = typeof document['swagger'] === 'string';

  const makeAjv = (coerce: boolean): Ajv2020 => {
    const ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      validateSchema: false,
      validateFormats: options.formats !== false,
      coerceTypes: coerce ? 'array' : false,
    });
    if (options.formats !== false) {
      const plugin = (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default;
      plugin(ajv);
    }
    return ajv;
  };

  const schemaFor = (close: boolean) => {
    const container: Json = { $id: DOC_ID };
    const components = isObject(document['components']) ? document['components'] : undefined;
    if (components && isObject(components['schemas'])) {
      container['components'] = { schemas: mapValues(components['schemas'], (s) => toJsonSchema(s, close, swagger2)) };
    }
    if (isObject(document['definitions'])) {
      container['definitions'] = mapValues(document['definitions'], (s) => toJsonSchema(s, close, swagger2));
    }
    return container;
  };

  const bodyContainer = schemaFor(closeBody);
  const bodyAjv = makeAjv(false);
  bodyAjv.addSchema(bodyContainer);
  const queryContainer = schemaFor(false);
  const queryAjv = makeAjv(true);
  queryAjv.addSchema(queryContainer);

  const operations: Operation[] = [];
  const paths = isObject(document['paths']) ? document['paths'] : {};
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const parameters = [...shared, ...(Array.isArray(op['parameters']) ? op['parameters'] : [])]
        .map((p) => resolveParameter(document, p))
        .filter(isObject);
      operations.push({
        method,
        template,
        pattern: templatePattern(template),
        ...(typeof op['operationId'] === 'string' ? { operationId: op['operationId'] } : {}),
        compile: () => compileOperation(op, parameters),
      });
    }
  }

  function compileOperation(op: Json, parameters: Json[]): NonNullable<Operation['compiled']> {
    const compiled: NonNullable<Operation['compiled']> = {};
    let bodySchema: unknown;
    const requestBody = resolveLocal(document, op['requestBody']);
    if (isObject(requestBody) && isObject(requestBody['content'])) {
      const content = requestBody['content'];
      const json = Object.entries(content).find(([type]) => /json/i.test(type)) ?? Object.entries(content)[0];
      if (json && isObject(json[1]) && json[1]['schema'] !== undefined) bodySchema = json[1]['schema'];
    }
    const bodyParam = parameters.find((p) => p['in'] === 'body');
    if (bodyParam) bodySchema = bodyParam['schema'];
    if (bodySchema !== undefined) compiled.body = bodyAjv.compile(rooted(toJsonSchema(bodySchema, closeBody, swagger2), bodyContainer));

    const queryParams = parameters.filter((p) => p['in'] === 'query' && typeof p['name'] === 'string');
    const properties: Json = {};
    const required: string[] = [];
    for (const p of queryParams) {
      const name = p['name'] as string;
      // OpenAPI 3 puts the type under `schema`; Swagger 2 puts it on the parameter itself.
      const raw = isObject(p['schema']) ? p['schema'] : pick(p, ['type', 'items', 'enum', 'format', 'minimum', 'maximum', 'pattern', 'x-nullable']);
      properties[name] = toJsonSchema(raw, false, swagger2);
      if (p['required'] === true) required.push(name);
    }
    if (queryParams.length > 0 || closeQuery) {
      compiled.query = queryAjv.compile(
        rooted({ type: 'object', properties, required, ...(closeQuery ? { additionalProperties: false } : {}) }, queryContainer),
      );
    }
    return compiled;
  }

  function find(ref: OperationRef | string): Operation | undefined {
    const target = typeof ref === 'string' ? { operationId: ref } : ref;
    if (target.operationId) return operations.find((o) => o.operationId === target.operationId);
    const method = (target.method ?? 'get').toLowerCase();
    const path = target.path ?? '';
    const candidates = operations.filter((o) => o.method === method);
    return (
      candidates.find((o) => o.template === path) ??
      // Prefer literal segments over `{param}` (`/contacts/search` before `/contacts/{contactId}`).
      candidates
        .filter((o) => o.pattern.test(path.replace(/\/+$/, '') || '/'))
        .sort((a, b) => literalWeight(b.template) - literalWeight(a.template))[0]
    );
  }

  return {
    has: (ref) => find(ref) !== undefined,
    validate(ref, request) {
      const op = find(ref);
      if (!op) throw new Error(`The document describes no operation ${JSON.stringify(ref)}`);
      const problems: RequestProblem[] = [];
      op.compiled ??= op.compile();
      const { body: checkBody, query: checkQuery } = op.compiled;
      if (checkBody && request.body !== undefined) {
        // Validate a copy: nothing here may change what the fake stores.
        const body = structuredClone(request.body);
        if (!checkBody(body)) problems.push(...toProblems(checkBody.errors ?? [], 'body'));
      }
      if (checkQuery) {
        const query = queryObject(request.query);
        if (!checkQuery(query)) problems.push(...toProblems(checkQuery.errors ?? [], 'query'));
      }
      return problems;
    },
  };
}

let compiledCount = 0;

/**
 * Inlines local `$ref`s (so an error's schemaPath shows which anyOf branch it came from); a
 * reference back into a schema being inlined (a recursive schema) stays a reference, resolved by
 * ajv against the document container.
 */
function rooted(schema: unknown, container: Json): Json {
  compiledCount += 1;
  const inlined = inline(schema, container, []);
  return { $id: `${DOC_ID}/operation/${compiledCount}`, ...(isObject(inlined) ? inlined : {}) };
}

function inline(value: unknown, container: Json, stack: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => inline(v, container, stack));
  if (!isObject(value)) return value;
  const ref = value['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#')) {
    if (stack.includes(ref) || stack.length > 32) return { ...value, $ref: DOC_ID + ref };
    const { $ref: _ignored, ...siblings } = value;
    const target = resolveLocal(container, { $ref: ref });
    const resolved = inline(target ?? {}, container, [...stack, ref]);
    return Object.keys(siblings).length > 0 ? { allOf: [resolved], ...inline(siblings, container, stack) as Json } : resolved;
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = inline(v, container, stack);
  return out;
}

/** OpenAPI/Swagger schema object -> JSON Schema 2020-12, optionally closing declared objects. */
function toJsonSchema(input: unknown, close: boolean, swagger2: boolean): unknown {
  if (Array.isArray(input)) return input.map((s) => toJsonSchema(s, close, swagger2));
  if (!isObject(input)) return input;
  if (typeof input['$ref'] === 'string') {
    const ref = input['$ref'];
    // Other files are outside the subset: accept anything there.
    const target = ref.startsWith('#') ? { $ref: ref } : {};
    const nullable = input['nullable'] === true || (swagger2 && input['x-nullable'] === true);
    return nullable && ref.startsWith('#') ? { anyOf: [target, { type: 'null' }] } : target;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(input)) {
    if (DROPPED.has(key)) continue;
    if (key === 'properties' && isObject(value)) out[key] = mapValues(value, (s) => toJsonSchema(s, close, swagger2));
    else if (['items', 'not', 'additionalProperties', 'contains', 'propertyNames'].includes(key))
      out[key] = isObject(value) || Array.isArray(value) ? toJsonSchema(value, close, swagger2) : value;
    else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(key) && Array.isArray(value))
      out[key] = value.map((s) => toJsonSchema(s, close, swagger2));
    else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
      // Draft 4 style (OpenAPI 3.0): a flag on minimum/maximum.
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value && typeof input[bound] === 'number') out[key] = input[bound];
    } else out[key] = value;
  }
  if (out['exclusiveMinimum'] !== undefined && input['exclusiveMinimum'] === true) delete out['minimum'];
  if (out['exclusiveMaximum'] !== undefined && input['exclusiveMaximum'] === true) delete out['maximum'];

  const nullable = input['nullable'] === true || (swagger2 && input['x-nullable'] === true);
  const closeIt =
    close && isObject(out['properties']) && out['additionalProperties'] === undefined && out['unevaluatedProperties'] === undefined;
  // unevaluatedProperties (not additionalProperties) so `allOf: [{$ref}]` wrappers keep working.
  if (closeIt) out['unevaluatedProperties'] = false;
  if (nullable) {
    if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
    else if (Array.isArray(out['type'])) out['type'] = [...new Set([...out['type'], 'null'])];
    else return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  }
  return out;
}

function toProblems(errors: ErrorObject[], where: 'body' | 'query'): RequestProblem[] {
  const kept = pruneAnyOf(errors);
  const seen = new Set<string>();
  const problems: RequestProblem[] = [];
  for (const error of kept) {
    const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
    let property = segments.at(-1) ?? '';
    let kind: RequestProblemKind = 'other';
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
      property = params.additionalProperty ?? params.unevaluatedProperty ?? property;
      segments.push(property);
      kind = 'unknown_property';
      message = 'must NOT have additional properties';
    } else if (error.keyword === 'required') {
      property = (error.params as { missingProperty: string }).missingProperty;
      segments.push(property);
      kind = 'missing_required';
    } else if (error.keyword === 'type') {
      kind = 'wrong_type';
    }
    const problem: RequestProblem = { in: where, path: segments.join('.'), property, message, kind };
    const key = `${problem.kind}|${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  const order = (p: RequestProblem) => `${p.in}\u0000${p.path}`;
  return problems.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * With allErrors, a failed anyOf/oneOf reports every branch's errors. Keep those of the branch
 * that came closest (fewest errors) and drop the umbrella error when a branch explains it.
 */
function pruneAnyOf(errors: ErrorObject[]): ErrorObject[] {
  let result = errors;
  for (const umbrella of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    if (!result.includes(umbrella)) continue;
    const prefix = `${umbrella.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of result) {
      if (!e.schemaPath.startsWith(prefix) || !e.instancePath.startsWith(umbrella.instancePath)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size === 0) continue;
    const best = [...branches.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    const drop = new Set([...branches.values()].flat().filter((e) => !best.includes(e)));
    drop.add(umbrella);
    result = result.filter((e) => !drop.has(e));
  }
  return result;
}

function queryObject(query: RequestToValidate['query']): Json {
  const out: Json = {};
  if (!query) return out;
  if (query instanceof URLSearchParams) {
    for (const key of new Set(query.keys())) {
      const all = query.getAll(key);
      out[key] = all.length > 1 ? all : all[0];
    }
    return out;
  }
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = Array.isArray(value) ? [...value] : value;
  return out;
}

function resolveParameter(document: OpenApiDocument, parameter: unknown): unknown {
  return resolveLocal(document, parameter);
}

function resolveLocal(document: OpenApiDocument, value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 10 && isObject(current) && typeof current['$ref'] === 'string'; depth++) {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) return undefined;
    current = ref
      .slice(2)
      .split('/')
      .map(unescapePointer)
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  }
  return current;
}

function templatePattern(template: string): RegExp {
  const trimmed = template.replace(/\/+$/, '') || '/';
  const source = trimmed
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function literalWeight(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function mapValues(record: Json, fn: (value: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

function pick(record: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}
