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

let validators: Map<GhlApi, OpenApiValidator> | undefined;

function load(): Map<GhlApi, OpenApiValidator> {
  validators ??= new Map(
    AREAS.map((area) => {
      const document = JSON.parse(readFileSync(new URL(`./spec/${area}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
      // Query DTOs go through the same whitelist pipe: an undeclared query parameter gets
      // `property X should not exist` too.
      return [area, createOpenApiValidator(document, { rejectUnknown: { body: true, query: true } })] as const;
    }),
  );
  return validators;
}

/** The 422 the platform sends for this request, or undefined when it is valid (or not described). */
export function validateAgainstSpec(request: FakeRequest): FakeResponse | undefined {
  const area = apiOfPath(request.path);
  if (!area) return undefined;
  const validator = load().get(area);
  const operation = { method: request.method, path: request.path };
  if (!validator?.has(operation)) return undefined;
  const body = request.body === undefined || request.body === '' ? undefined : request.body;
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
