import { readFileSync } from 'node:fs';
import { createOpenApiValidator, type FakeRequest, type FakeResponse, type OpenApiValidator, type RequestProblem } from '@enterprise-mcp/core/testing';
import { apiOfPath, type GhlApi } from '../versions.js';
import { unprocessable } from './respond.js';

/**
 * Requests are checked against GoHighLevel's published OpenAPI files (the subset in ./spec, see
 * scripts/vendor-specs.mjs). The platform validates with NestJS's ValidationPipe (`whitelist`,
 * `forbidNonWhitelisted`): an undeclared property gets 422 `property X should not exist`, a
 * wrong type or a missing required field gets class-validator's message, all in
 * `{ statusCode: 422, message: string[], error: 'Unprocessable Entity' }` (UnprocessableDTO).
 */

const AREAS: GhlApi[] = ['contacts', 'opportunities', 'calendars', 'conversations', 'locations', 'users'];

/** The OAuth 2.0 file: its form fields are checked like the API's DTOs, but unknown ones are ignored (see `validateOAuthRequest`). */
const OAUTH = 'oauth';

let validators: Map<string, OpenApiValidator> | undefined;

function load(): Map<string, OpenApiValidator> {
  validators ??= new Map([
    // Query DTOs go through the same whitelist pipe: an undeclared query parameter gets
    // `property X should not exist` too.
    ...AREAS.map((area) => [area, createOpenApiValidator(vendored(area), { rejectUnknown: { body: true, query: true } })] as const),
    [OAUTH, createOpenApiValidator(vendored(OAUTH), { rejectUnknown: { query: true } })] as const,
  ]);
  return validators;
}

/** A vendored file of ./spec, parsed. */
function vendored(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./spec/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** The 422 the platform sends for this request, or undefined when it is valid (or not described). */
export function validateAgainstSpec(request: FakeRequest): FakeResponse | undefined {
  const area = apiOfPath(request.path);
  return area ? problemsOf(area, request, request.body) : undefined;
}

/**
 * The 422 for an OAuth request whose form fields (`body`, parsed) break the
 * published DTO: a missing required field or a value outside an enum. Unknown
 * fields pass, as RFC 6749 (3.1, 3.2) has authorization servers ignore
 * unrecognised parameters, so a client's PKCE `code_verifier` is no error.
 */
export function validateOAuthRequest(request: FakeRequest, body: Record<string, string> | undefined): FakeResponse | undefined {
  return problemsOf(OAUTH, request, body);
}

function problemsOf(file: string, request: FakeRequest, rawBody: unknown): FakeResponse | undefined {
  const validator = load().get(file);
  const operation = { method: request.method, path: request.path };
  if (!validator?.has(operation)) return undefined;
  const body = rawBody === undefined || rawBody === '' ? undefined : rawBody;
  const problems = validator.validate(operation, { body, query: request.query });
  return problems.length > 0 ? unprocessable(problems.map(classValidatorMessage)) : undefined;
}

/** class-validator's wording, with NestJS's `parent.` prefix for nested properties. */
export function classValidatorMessage(problem: RequestProblem): string {
  const segments = problem.path.split('.').filter(Boolean);
  const parent = segments.slice(0, -1).join('.');
  const prefix = parent ? `${parent}.` : '';
  const name = problem.property || 'body';
  switch (problem.kind) {
    case 'unknown_property':
      return `${prefix}property ${name} should not exist`;
    case 'missing_required':
      return `${prefix}${name} should not be empty`;
    case 'wrong_type':
      return `${prefix}${name} ${typeWording(problem.message)}`;
    default:
      return `${prefix}${name} ${otherWording(problem)}`;
  }
}

/** class-validator's wording for the constraints the published files use. */
function otherWording({ keyword, params, message }: RequestProblem): string {
  switch (keyword) {
    case 'enum':
      return `must be one of the following values: ${(params['allowedValues'] as unknown[]).join(', ')}`;
    case 'maxLength':
      return `must be shorter than or equal to ${String(params['limit'])} characters`;
    case 'minLength':
      return `must be longer than or equal to ${String(params['limit'])} characters`;
    case 'maximum':
      return `must not be greater than ${String(params['limit'])}`;
    case 'minimum':
      return `must not be less than ${String(params['limit'])}`;
    case 'format':
      return params['format'] === 'date-time' ? 'must be a valid ISO 8601 date string' : message;
    default:
      return message;
  }
}

function typeWording(message: string): string {
  const expected = /^must be (.+)$/.exec(message)?.[1]?.split(',').filter((t) => t !== 'null')[0] ?? '';
  switch (expected) {
    case 'string':
      return 'must be a string';
    case 'number':
    case 'integer':
      return 'must be a number conforming to the specified constraints';
    case 'boolean':
      return 'must be a boolean value';
    case 'array':
      return 'must be an array';
    case 'object':
      return 'must be an object';
    default:
      return message;
  }
}

/**
 * Problems of a value against one component schema of a vendored file, every
 * property the schema does not declare included: the fake's tests check its
 * answers (token responses) with it, so it never sends a field the platform lacks.
 */
export function schemaProblems(file: string, schema: string, value: unknown): string[] {
  const { components } = vendored(file);
  const document = {
    openapi: '3.0.0',
    paths: { '/value': { post: { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } } } },
    components,
  };
  const problems = createOpenApiValidator(document, { rejectUnknown: { body: true } }).validate({ method: 'POST', path: '/value' }, { body: value });
  return problems.map(classValidatorMessage);
}
