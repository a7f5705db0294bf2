/**
 * The background job: refreshes connections whose rolling refresh token would
 * otherwise die unused (QuickBooks: 100 days), warns before a refresh token's
 * hard cap (log, audit record, `connections list`), and drops finished or
 * expired connect flows.
 */
import { randomUUID } from 'node:crypto';
import type { OAuthConnection } from '@enterprise-mcp/database';
import { DAY_MS, DEFAULT_HARD_EXPIRY_WARNING_DAYS, DEFAULT_ROLLING_REFRESH_DAYS, reconnectUrl, type VaultContext } from './context.js';
import { refreshUnderLock } from './refresh.js';

export interface MaintenanceReport {
  /** Connections refreshed because their rolling refresh token neared its end. */
  refreshed: string[];
  /** Connections whose refresh failed (`needs_reconnect` when the provider said invalid_grant). */
  failed: Array<{ connectionId: string; error: string }>;
  /** Connections warned about an approaching hard cap in this run. */
  warned: string[];
}

/** A connection's warnings for people: a coming hard cap or rolling expiry, or a needed reconnect. */
export function warningsOf(ctx: VaultContext, row: OAuthConnection): string[] {
  const warnings: string[] = [];
  const now = ctx.now();
  const days = (date: Date) => Math.max(0, Math.ceil((date.getTime() - now) / DAY_MS));
  if (row.status === 'needs_reconnect') warnings.push(`needs to be reconnected${row.lastError ? `: ${row.lastError}` : ''}`);
  if (row.status !== 'active') return warnings;
  if (row.refreshHardExpiresAt && row.refreshHardExpiresAt.getTime() - now <= hardWarningMs(ctx)) {
    warnings.push(`refresh token hard cap in ${days(row.refreshHardExpiresAt)} days (${row.refreshHardExpiresAt.toISOString().slice(0, 10)}): reconnect before then`);
  }
  if (row.refreshExpiresAt && row.refreshExpiresAt.getTime() - now <= rollingWindowMs(ctx)) {
    warnings.push(`unused refresh token expires in ${days(row.refreshExpiresAt)} days unless refreshed`);
  }
  return warnings;
}

export async function runMaintenance(ctx: VaultContext): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { refreshed: [], failed: [], warned: [] };
  await refreshRolling(ctx, report);
  await warnHardCaps(ctx, report);
  await ctx.prisma.oAuthAuthorization.deleteMany({ where: { expiresAt: { lt: new Date(ctx.now() - DAY_MS) } } });
  return report;
}

async function refreshRolling(ctx: VaultContext, report: MaintenanceReport): Promise<void> {
  const horizon = () => new Date(ctx.now() + rollingWindowMs(ctx));
  const due = await ctx.prisma.oAuthConnection.findMany({ where: { status: 'active', refreshExpiresAt: { lte: horizon() } } });
  for (const row of due) {
    const ecosystem = ctx.ecosystem(row.ecosystem);
    try {
      const resolved = await ctx.configOf(row.tenantId, ecosystem);
      // Re-checked under the lock: another replica's job may have refreshed it meanwhile.
      await refreshUnderLock(
        ctx,
        { tenantId: row.tenantId, ecosystem, resolved, connectionId: row.id },
        { force: (locked) => !!locked.refreshExpiresAt && locked.refreshExpiresAt <= horizon() },
      );
      report.refreshed.push(row.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ connectionId: row.id, error: message });
      ctx.logger.warn({ connectionId: row.id, tenantId: row.tenantId, ecosystem: row.ecosystem, error: message }, 'oauth: rolling refresh failed');
    }
  }
}

/** Once a day per connection: a warning line and an audit record naming the date and where to reconnect. */
async function warnHardCaps(ctx: VaultContext, report: MaintenanceReport): Promise<void> {
  const now = ctx.now();
  const rows = await ctx.prisma.oAuthConnection.findMany({
    where: {
      status: 'active',
      refreshHardExpiresAt: { lte: new Date(now + hardWarningMs(ctx)) },
      OR: [{ expiryWarnedAt: null }, { expiryWarnedAt: { lt: new Date(now - DAY_MS) } }],
    },
  });
  for (const row of rows) {
    const ecosystem = ctx.ecosystem(row.ecosystem);
    const url = reconnectUrl(ctx, row.ecosystem, row.id);
    const message =
      `${ecosystem.displayName} connection ${row.displayName ? `"${row.displayName}" ` : ''}(${row.id}) stops working on ` +
      `${row.refreshHardExpiresAt!.toISOString().slice(0, 10)} (the platform's refresh token hard cap): reconnect it before then (${url})`;
    ctx.logger.warn({ connectionId: row.id, tenantId: row.tenantId, ecosystem: row.ecosystem, hardExpiresAt: row.refreshHardExpiresAt }, message);
    ctx.options.audit?.record({
      id: randomUUID(),
      timestamp: new Date(now),
      tenantId: row.tenantId,
      apiKeyId: null,
      requestId: null,
      sessionId: null,
      clientName: 'enterprise-mcp vault',
      clientVersion: null,
      ecosystem: row.ecosystem,
      toolName: 'vault.connection_expiring',
      arguments: { connectionId: row.id, hardExpiresAt: row.refreshHardExpiresAt!.toISOString() },
      status: 'ok',
      errorCode: null,
      errorMessage: message,
      durationMs: 0,
      resultSize: 0,
    });
    await ctx.prisma.oAuthConnection.update({ where: { id: row.id }, data: { expiryWarnedAt: new Date(now) } });
    report.warned.push(row.id);
  }
}

function rollingWindowMs(ctx: VaultContext): number {
  return (ctx.options.rollingRefreshDays ?? DEFAULT_ROLLING_REFRESH_DAYS) * DAY_MS;
}

function hardWarningMs(ctx: VaultContext): number {
  return (ctx.options.hardExpiryWarningDays ?? DEFAULT_HARD_EXPIRY_WARNING_DAYS) * DAY_MS;
}
