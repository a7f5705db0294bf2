import { ValidationError } from '@enterprise-mcp/core';
import type { z } from 'zod';

export function validationErrorOf(context: string, error: z.ZodError): ValidationError {
  const fields = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return new ValidationError(`${context}: ${fields.map((f) => `${f.path || '(input)'}: ${f.message}`).join('; ')}`, fields);
}

/** Prisma's unique-constraint failure, recognised without importing Prisma's runtime classes. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
