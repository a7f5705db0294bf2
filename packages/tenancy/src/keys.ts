import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@enterprise-mcp/core';
import type { ApiKey as ApiKeyRow, PrismaClient } from '@enterprise-mcp/database';
import { z } from 'zod';
import { validationErrorOf } from './errors.js';
import { generateApiKey, maskedKey } from './key-format.js';
import { approvalToolsSchema } from './settings.js';
import { getTenant } from './tenants.js';

/** What a key's `tools/list` shows: every tool it may use, or the compact meta-tools. */
export const TOOL_SURFACES = ['full', 'compact'] as const;
export type ToolSurface = (typeof TOOL_SURFACES)[number];

/** A stored key as callers see it: never the secret nor its hash. */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  /** `emcp_<prefix>_…`, for display. */
  masked: string;
  ecosystems: string[];
  tools: string[];
  readOnly: boolean;
  /** Permission levels, `<ecosystem>:<level>`; empty: every ecosystem's default levels. */
  permissionLevels: string[];
  /** `compact`: tools/list shows the meta-tools that find, describe and call the key's tools. */
  toolSurface: ToolSurface;
  /** Tools whose calls this key holds for a person's approval (names, globs, `destructive`), on top of the tenant's. */
  approvalTools: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const createApiKeyInput = z.object({
  tenantId: z.string().min(1, 'a tenant id or slug is required'),
  name: z.string().trim().min(1, 'a name is required (what uses this key, e.g. "claude-desktop")').max(200),
  tools: z
    .array(z.string().regex(/^[a-z0-9_*?{},[\]!-]+$/, 'a tool name or glob such as "cloudflare_*"'))
    .optional(),
  ecosystems: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an ecosystem id such as "cloudflare"')).optional(),
  readOnly: z.boolean().optional(),
  permissionLevels: z.array(z.string().regex(/^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$/, 'an ecosystem and a level such as "google:read"')).optional(),
  toolSurface: z.enum(TOOL_SURFACES, { error: 'the tool surface is "full" (every tool listed) or "compact" (search_tools, describe_tool, call_tool)' }).optional(),
  approvalTools: approvalToolsSchema.optional(),
  expiresAt: z
    .date()
    .refine((d) => d.getTime() > Date.now(), 'must be in the future')
    .optional(),
});

export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** Creates a key; `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(prisma: PrismaClient, input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
  const parsed = createApiKeyInput.safeParse(input);
  if (!parsed.success) throw validationErrorOf('Invalid API key request', parsed.error);
  const tenant = await getTenant(prisma, parsed.data.tenantId);
  const { key, prefix, secretHash } = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      id: randomUUID(),
      tenantId: tenant.id,
      name: parsed.data.name,
      prefix,
      secretHash,
      allowedTools: parsed.data.tools ?? [],
      allowedEcosystems: parsed.data.ecosystems ?? [],
      readOnly: parsed.data.readOnly ?? false,
      permissionLevels: parsed.data.permissionLevels ?? [],
      toolSurface: parsed.data.toolSurface ?? 'full',
      approvalTools: parsed.data.approvalTools ?? [],
      expiresAt: parsed.data.expiresAt ?? null,
    },
  });
  return { key, record: toApiKeyRecord(row) };
}

export async function listApiKeys(prisma: PrismaClient, filter: { tenantId?: string; includeRevoked?: boolean } = {}): Promise<ApiKeyRecord[]> {
  const tenantId = filter.tenantId ? (await getTenant(prisma, filter.tenantId)).id : undefined;
  const rows = await prisma.apiKey.findMany({
    where: { ...(tenantId ? { tenantId } : {}), ...(filter.includeRevoked === false ? { revokedAt: null } : {}) },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toApiKeyRecord);
}

/** By id or prefix. Revoking twice keeps the first revocation time. */
export async function revokeApiKey(prisma: PrismaClient, idOrPrefix: string): Promise<ApiKeyRecord> {
  const prefix = /^emcp_([0-9a-f]{12})/.exec(idOrPrefix)?.[1] ?? idOrPrefix;
  const row = await prisma.apiKey.findFirst({ where: { OR: [{ id: idOrPrefix }, { prefix }] } });
  if (!row) throw new NotFoundError(`No API key with id or prefix "${idOrPrefix}"`, { hint: 'list keys with `enterprise-mcp keys list`' });
  if (row.revokedAt) return toApiKeyRecord(row);
  return toApiKeyRecord(await prisma.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
}

export function toApiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    prefix: row.prefix,
    masked: maskedKey(row.prefix),
    ecosystems: row.allowedEcosystems,
    tools: row.allowedTools,
    readOnly: row.readOnly,
    permissionLevels: row.permissionLevels,
    toolSurface: row.toolSurface,
    approvalTools: row.approvalTools,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}
