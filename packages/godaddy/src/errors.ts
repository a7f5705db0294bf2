import { errorForStatus, ValidationError, type EmcpError, type HttpFailure } from '@enterprise-mcp/core';
import { z } from 'zod';

// The error body this package assumes: `{ error: { code, message, fields: [{ path, message }] } }`.
// Change the schema to the platform's real shape; everything else follows from it.
const errorBodySchema = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string().optional(),
    fields: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  }),
});

/** Turns a GoDaddy error answer into core's typed errors, keeping the platform's code and fields. */
export function mapGodaddyError(failure: HttpFailure): EmcpError {
  const parsed = errorBodySchema.safeParse(failure.body);
  const error = parsed.success ? parsed.data.error : {};
  const options = { platform: failure.platform, status: failure.status, platformCode: error.code };
  if (failure.status === 400 || failure.status === 422) {
    return new ValidationError(error.message ?? `${failure.platform} rejected the input`, error.fields ?? [], {
      ...options,
      hint: 'fix the named fields and call again',
    });
  }
  return errorForStatus(failure, error.message, { platformCode: error.code });
}
