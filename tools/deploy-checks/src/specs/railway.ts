/**
 * The part of Railway's config-as-code that railway.json uses, as Railway documents it.
 * Source: https://docs.railway.com/reference/config-as-code (schema: https://railway.com/railway.schema.json).
 */
import { z } from 'zod';

export const railwayConfig = z.strictObject({
  $schema: z.literal('https://railway.com/railway.schema.json'),
  build: z.strictObject({
    builder: z.enum(['RAILPACK', 'NIXPACKS', 'DOCKERFILE']),
    dockerfilePath: z.string().optional(),
    watchPatterns: z.array(z.string()).optional(),
    buildCommand: z.string().optional(),
  }),
  deploy: z.strictObject({
    startCommand: z.string().optional(),
    preDeployCommand: z.union([z.string(), z.array(z.string())]).optional(),
    healthcheckPath: z.string().startsWith('/').optional(),
    healthcheckTimeout: z.int().min(1).optional(),
    numReplicas: z.int().min(1).optional(),
    restartPolicyType: z.enum(['ON_FAILURE', 'ALWAYS', 'NEVER']).optional(),
    restartPolicyMaxRetries: z.int().min(0).optional(),
    drainingSeconds: z.int().min(0).optional(),
    overlapSeconds: z.int().min(0).optional(),
  }),
});
