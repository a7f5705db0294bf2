import { readFileSync } from 'node:fs';
import { createOpenApiValidator, type FakeRequest } from '@enterprise-mcp/core/testing';
import { validation, type QuickBooksFault } from './faults.js';

/**
 * The entity schemas and operations the fake serves, written from Intuit's XML Schema of the v3
 * entities (provenance in the document's `info` and in spec/README.md). Objects are closed, as
 * QuickBooks' deserializer is: a field it lacks is a 400 "invalid or unsupported property".
 */
export const QUICKBOOKS_ACCOUNTING_SPEC = JSON.parse(readFileSync(new URL('./spec/accounting-v3.subset.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const validator = createOpenApiValidator(QUICKBOOKS_ACCOUNTING_SPEC, { rejectUnknown: { body: true } });

/** The fault QuickBooks would answer for a request its schema rejects, or undefined. */
export function specFault(request: FakeRequest): QuickBooksFault | undefined {
  const operation = { method: request.method, path: request.path };
  if (!validator.has(operation)) return undefined;
  const body = typeof request.body === 'object' ? request.body : undefined;
  const [problem] = validator.validate(operation, { body, query: request.query });
  if (!problem) return undefined;
  const where = problem.path || problem.property;
  if (problem.kind === 'unknown_property') {
    return validation('2010', 'Request has invalid or unsupported property', `Property Name:Unrecognized field "${problem.property}" specified is unsupported or invalid`, where);
  }
  if (problem.in === 'query') return validation('2010', 'Request has invalid or unsupported property', `Invalid query parameter ${where}: ${problem.message}`, where);
  return validation('2010', 'Request has invalid or unsupported property', `Property Name:${where} ${problem.message}`, where);
}
