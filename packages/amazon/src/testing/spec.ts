import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createOpenApiValidator, type FakeRequest, type OpenApiValidator } from '@enterprise-mcp/core/testing';

/**
 * Amazon's Swagger 2.0 models, vendored in ./spec (scripts/vendor-specs.mjs):
 * the operations the fake serves, their parameters, their usage plans and
 * their sandbox cases. Core's validator reads Swagger 2.0 as it is.
 */

const MODELS = ['orders', 'ordersV0', 'fbaInventory', 'listings', 'catalog', 'reports', 'sellers', 'tokens'] as const;
type ModelName = (typeof MODELS)[number];

interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'body' | 'header';
  type?: string;
  required?: boolean;
}

interface SandboxCase {
  request: { parameters: Record<string, { value?: unknown }> };
  response: unknown;
}

export interface SpecOperation {
  model: ModelName;
  /** `<model>.<operationId>`, as the client names it. */
  name: string;
  operationId: string;
  method: string;
  template: string;
  /** `/orders/2026-01-01/orders/:orderId`, for the fake's router. */
  route: string;
  parameters: SwaggerParameter[];
  usagePlan: { rate: number; burst: number };
  /** The sandbox cases that name at least one parameter value, with the status they answer. */
  cases: Array<{ status: number; parameters: Record<string, unknown>; response: unknown }>;
  validator: OpenApiValidator;
}

let loaded: SpecOperation[] | undefined;

export function specOperations(): SpecOperation[] {
  loaded ??= MODELS.flatMap((model) => {
    const document = JSON.parse(readFileSync(new URL(`./spec/${model}.json`, import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string; parameters?: SwaggerParameter[]; responses: Record<string, { 'x-amzn-api-sandbox'?: { static?: SandboxCase[] } }>; 'x-usage-plan': { rate: number; burst: number } }>>;
    };
    // Unknown query parameters are refused: a misspelt one would silently do nothing at Amazon.
    const validator = createOpenApiValidator(document, { rejectUnknown: { query: true } });
    return Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, op]) => ({
        model,
        name: `${model}.${op.operationId}`,
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        route: template.replace(/\{(\w+)\}/g, ':$1'),
        parameters: op.parameters ?? [],
        usagePlan: op['x-usage-plan'],
        cases: Object.entries(op.responses).flatMap(([status, response]) =>
          (response['x-amzn-api-sandbox']?.static ?? [])
            .map((c) => ({ status: Number(status), parameters: valuesOf(c.request.parameters), response: c.response }))
            // A case naming no value (`{}`, `{body: {}}`) matches every request: the stateful fake answers those.
            .filter((c) => Object.keys(c.parameters).length > 0),
        ),
        validator,
      })),
    );
  });
  return loaded;
}

function valuesOf(parameters: Record<string, { value?: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).filter(([, p]) => p && 'value' in p).map(([name, p]) => [name, p.value]));
}

/** The request's parameters as the model declares them: arrays split from their comma-separated form. */
export function parametersOf(operation: SpecOperation, request: FakeRequest): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') values[parameter.name] = request.params[parameter.name];
    else if (parameter.in === 'body') values[parameter.name] = request.body;
    else if (parameter.in === 'query' && request.query.has(parameter.name)) {
      const raw = request.query.getAll(parameter.name).join(',');
      values[parameter.name] = parameter.type === 'array' ? raw.split(',') : raw;
    }
  }
  return values;
}

/** The query as the validator wants it: arrays split, so each item meets the item schema. */
export function splitQuery(operation: SpecOperation, request: FakeRequest): Record<string, string | string[]> {
  const arrays = new Set(operation.parameters.filter((p) => p.in === 'query' && p.type === 'array').map((p) => p.name));
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const raw = request.query.getAll(key).join(',');
    out[key] = arrays.has(key) ? raw.split(',') : raw;
  }
  return out;
}

/** The sandbox case this request matches exactly (every value it names), if any. */
export function matchingCase(operation: SpecOperation, parameters: Record<string, unknown>) {
  return operation.cases.find((c) => Object.entries(c.parameters).every(([name, value]) => isDeepStrictEqual(parameters[name], value)));
}
