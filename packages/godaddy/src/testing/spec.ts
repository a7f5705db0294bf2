import { readFileSync } from 'node:fs';
import { createOpenApiValidator, type FakeRequest, type FakeResponse, type RequestProblem } from '@enterprise-mcp/core/testing';
import { godaddyError, invalidBody, type GoDaddyErrorField } from './errors.js';

/**
 * GoDaddy's published description of the endpoints the fake serves (a hand-copied subset of
 * swagger_domains.v2.json; provenance in its `info`). It ships beside this file in the package.
 */
export const GODADDY_DOMAINS_SPEC = JSON.parse(readFileSync(new URL('./spec/domains.v1.subset.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

// GoDaddy's formats are its own (domain, integer-positive, iso-datetime, iso-country-code, city-name):
// ajv-formats knows none of them, and the fake's own rules check what they mean.
const validator = createOpenApiValidator(GODADDY_DOMAINS_SPEC, { formats: false });

/** Swagger 2.0 arrays without `collectionFormat` are comma-separated on the wire. */
const CSV_PARAMS = new Set(['statuses', 'statusGroups', 'includes', 'sources', 'tlds']);

const CODE_BY_KIND: Record<RequestProblem['kind'], string> = {
  missing_required: 'MISSING_REQUIRED',
  wrong_type: 'MISMATCH_TYPE',
  unknown_property: 'UNEXPECTED_PROPERTY',
  other: 'MISMATCH_FORMAT',
};

/**
 * Checks a request against the published operation, before the route's own rules run: a body or
 * query the description rejects gets GoDaddy's 422 with `fields`, as production does.
 */
export function specProblem(request: FakeRequest): FakeResponse | undefined {
  const operation = { method: request.method, path: request.path };
  if (!validator.has(operation)) return undefined;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const values = request.query.getAll(key);
    query[key] = CSV_PARAMS.has(key) ? values.flatMap((v) => v.split(',')).filter(Boolean) : values.length > 1 ? values : values[0]!;
  }
  const problems = validator.validate(operation, { body: request.body, query });
  if (problems.length === 0) return undefined;
  const fields: GoDaddyErrorField[] = problems.map((p) => ({
    path: fieldPath(p, bodyName(request)),
    code: codeOf(p),
    message: p.message,
  }));
  if (problems.some((p) => p.in === 'body')) return invalidBody(fields);
  return godaddyError(422, 'INVALID_QUERY', 'Request query does not fulfill the schema, see details in `fields`', fields);
}

/** The body parameter's name in the description: `domains` (bulk availability), `body` (domain update), else `records`. */
function bodyName(request: FakeRequest): string {
  if (request.method === 'POST') return 'domains';
  if (request.method === 'PATCH' && !/\/records$/.test(request.path)) return 'body';
  return 'records';
}

function codeOf(problem: RequestProblem): string {
  if (problem.kind !== 'other') return CODE_BY_KIND[problem.kind];
  if (/allowed values/.test(problem.message)) return 'MISMATCH_ENUM';
  if (/must be <=/.test(problem.message)) return 'MISMATCH_MAXIMUM';
  if (/must be >=/.test(problem.message)) return 'MISMATCH_MINIMUM';
  return CODE_BY_KIND.other;
}

/** `records[0].data` for a body problem at `0.data` (the validator's path names the property); the parameter for query problems. */
function fieldPath(problem: RequestProblem, bodyName: string): string {
  if (problem.in === 'query') return problem.path || problem.property;
  const segments = problem.path ? problem.path.split('.') : [];
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), bodyName);
}
