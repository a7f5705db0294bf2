import { readFileSync } from 'node:fs';
import { createOpenApiValidator, type OpenApiValidator, type RequestProblem } from '@enterprise-mcp/core/testing';

/**
 * Google's discovery documents (the subsets in ./spec) as the fake's source of
 * truth: each method's scopes, and its query parameters and request schema as
 * an OpenAPI document for core's request validator. Google rejects what its
 * documents do not declare (an unknown body field, an unknown query
 * parameter), so the validator closes both.
 */

export const DISCOVERY_FILES = ['gmail.v1', 'calendar.v3', 'drive.v3', 'sheets.v4', 'docs.v1'] as const;

type Json = Record<string, unknown>;

interface DiscoveryParameter {
  type?: string;
  location?: string;
  required?: boolean;
  repeated?: boolean;
  enum?: string[];
  minimum?: string;
  maximum?: string;
}

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  parameters?: Record<string, DiscoveryParameter>;
  scopes?: string[];
  request?: { $ref: string };
  /** The method also answers `alt=media` with the content itself. */
  supportsMediaDownload?: boolean;
  /** The method also takes content on its own path, with `uploadType`. */
  mediaUpload?: { protocols?: { simple?: { path: string; multipart?: boolean } } };
}

export interface MethodSpec {
  id: string;
  httpMethod: string;
  /** `/gmail/v1/users/{userId}/messages` */
  template: string;
  scopes: string[];
  api: string;
  /** `/upload/drive/v3/files`: where the method takes content (`mediaUpload`), if it does. */
  uploadTemplate?: string;
}

interface LoadedApi {
  validator: OpenApiValidator;
  methods: Map<string, MethodSpec>;
}

let loaded: Map<string, LoadedApi> | undefined;
const methodIndex = new Map<string, { api: string; spec: MethodSpec }>();

function load(): Map<string, LoadedApi> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const name of DISCOVERY_FILES) {
    const url = new URL(`./spec/${name}.subset.json`, import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch {
      continue;
    }
    const discovery = JSON.parse(text) as Json;
    const { openapi, methods } = toOpenApi(discovery);
    loaded.set(name, { validator: createOpenApiValidator(openapi, { rejectUnknown: { body: true, query: true }, formats: false }), methods });
    for (const spec of methods.values()) methodIndex.set(spec.id, { api: name, spec });
  }
  return loaded;
}

/** The ids of every method the vendored subsets describe (the methods the fake serves). */
export function discoveryMethodIds(): string[] {
  load();
  return [...methodIndex.keys()];
}

/** A discovery method by id (`gmail.users.messages.list`); throws for one the subsets lack (a bug in the fake). */
export function methodSpec(id: string): MethodSpec {
  load();
  const found = methodIndex.get(id);
  if (!found) throw new Error(`The vendored discovery subsets describe no method ${id}`);
  return found.spec;
}

/**
 * Problems of a request to a method: unknown, missing or mistyped fields and parameters. An
 * upload (`upload: true`, the request to the method's upload path) also takes `uploadType`.
 */
export function validateRequest(id: string, request: { body?: unknown; query?: URLSearchParams }, options: { upload?: boolean } = {}): RequestProblem[] {
  const apis = load();
  const found = methodIndex.get(id);
  if (!found) throw new Error(`The vendored discovery subsets describe no method ${id}`);
  if (options.upload && !found.spec.uploadTemplate) throw new Error(`The discovery document gives ${id} no upload path`);
  return apis.get(found.api)!.validator.validate({ operationId: options.upload ? `${id}:upload` : id }, request);
}

/** A discovery document as OpenAPI 3.1: one operation per method, its query parameters, its request schema. */
export function toOpenApi(discovery: Json): { openapi: Json; methods: Map<string, MethodSpec> } {
  const servicePath = String(discovery['servicePath'] ?? '');
  const schemas = (discovery['schemas'] ?? {}) as Record<string, Json>;
  const globals = (discovery['parameters'] ?? {}) as Record<string, DiscoveryParameter>;
  const paths: Record<string, Record<string, Json>> = {};
  const methods = new Map<string, MethodSpec>();
  for (const method of methodsOf(discovery)) {
    const template = `/${servicePath}${method.path}`.replace(/\{\+/g, '{').replace(/\/+/g, '/');
    const parameters = Object.entries({ ...globals, ...method.parameters })
      .filter(([, parameter]) => parameter.location === 'query')
      .map(([name, parameter]) => ({ name, in: 'query', required: parameter.required === true, schema: parameterSchema(name === 'alt' && method.supportsMediaDownload ? withMedia(parameter) : parameter) }));
    const operation: Json = { operationId: method.id, parameters };
    if (method.request) operation['requestBody'] = { content: { 'application/json': { schema: requestSchema(method, schemas) } } };
    // Several methods can share a template (`/v4/spreadsheets/{id}` GET and `{id}:batchUpdate`): key by id.
    paths[`${template}#${method.id}`] = { [method.httpMethod.toLowerCase()]: operation };
    const upload = method.mediaUpload?.protocols?.simple;
    if (upload) {
      // The upload path takes the method's parameters and the protocol's `uploadType`; the body is the metadata part.
      const uploadType = { name: 'uploadType', in: 'query', required: true, schema: { type: 'string', enum: upload.multipart ? ['media', 'multipart'] : ['media'] } };
      const others = parameters.filter((parameter) => parameter.name !== 'uploadType');
      paths[`${upload.path}#${method.id}:upload`] = { [method.httpMethod.toLowerCase()]: { ...operation, operationId: `${method.id}:upload`, parameters: [...others, uploadType] } };
    }
    methods.set(method.id, { id: method.id, httpMethod: method.httpMethod, template, scopes: method.scopes ?? [], api: String(discovery['name']), ...(upload ? { uploadTemplate: upload.path } : {}) });
  }
  const components = { schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, schemaOf(schema)])) };
  return { openapi: { openapi: '3.1.0', info: { title: String(discovery['id']), version: String(discovery['version']) }, paths, components }, methods };
}

function methodsOf(node: Json): DiscoveryMethod[] {
  const own = Object.values((node['methods'] ?? {}) as Record<string, DiscoveryMethod>);
  const nested = Object.values((node['resources'] ?? {}) as Record<string, Json>).flatMap(methodsOf);
  return [...own, ...nested];
}

/** `alt` of a method that `supportsMediaDownload`: older documents (Drive v3, Calendar v3) list only `json`, the download is `alt=media`. */
function withMedia(parameter: DiscoveryParameter): DiscoveryParameter {
  return parameter.enum && !parameter.enum.includes('media') ? { ...parameter, enum: [...parameter.enum, 'media'] } : parameter;
}

function parameterSchema(parameter: DiscoveryParameter): Json {
  const item: Json = { type: parameter.type === 'integer' || parameter.type === 'number' || parameter.type === 'boolean' ? parameter.type : 'string' };
  if (parameter.enum) item['enum'] = parameter.enum;
  if (parameter.minimum !== undefined) item['minimum'] = Number(parameter.minimum);
  if (parameter.maximum !== undefined) item['maximum'] = Number(parameter.maximum);
  return parameter.repeated ? { type: 'array', items: item } : item;
}

/** The request schema, with the properties this method requires (`annotations.required` names method ids). */
function requestSchema(method: DiscoveryMethod, schemas: Record<string, Json>): Json {
  const name = method.request!.$ref;
  const properties = (schemas[name]?.['properties'] ?? {}) as Record<string, Json>;
  const required = Object.entries(properties)
    .filter(([, property]) => ((property['annotations'] as { required?: string[] } | undefined)?.required ?? []).includes(method.id))
    .map(([property]) => property);
  const target = { $ref: `#/components/schemas/${name}` };
  return required.length ? { allOf: [target], required } : target;
}

/** A discovery schema as JSON Schema: bare `$ref`s to components, formats and annotations dropped (Google checks those itself). */
function schemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(schemaOf);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (['id', 'description', 'annotations', 'format', 'enumDescriptions', 'readOnly', 'deprecated'].includes(key)) continue;
    if (key === '$ref') out[key] = `#/components/schemas/${String(value)}`;
    else if (key === 'type' && value === 'any') continue;
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, schemaOf(property)]));
    else out[key] = typeof value === 'object' ? schemaOf(value) : value;
  }
  return out;
}
