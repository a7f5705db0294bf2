import { ValidationError, type AnyEcosystem, type ConnectionSummary, type ResolvedConfig } from '@enterprise-mcp/core';
import type { Vault } from '@enterprise-mcp/vault';
import { boundedName } from './text.js';

/**
 * Which OAuth connection a tool call acts on. The `connection` argument names
 * one by id or display name; without it, a tenant's only active connection is
 * the one. Several and none named: a validation error listing them. None at
 * all: the tenant is told where to connect one. One that needs a reconnect:
 * where to reconnect it.
 */
export class ConnectionChooser {
  constructor(private readonly vault: Vault) {}

  /** Whether the ecosystem's configured mode takes its tokens from connections. */
  appliesTo(ecosystem: AnyEcosystem, resolved: ResolvedConfig): boolean {
    return this.vault.isOAuth(ecosystem, resolved);
  }

  async choose(tenantId: string, ecosystem: AnyEcosystem, requested: string | undefined): Promise<ConnectionSummary> {
    const connections = await this.vault.list(tenantId, ecosystem.id);
    if (requested !== undefined) return this.usable(tenantId, ecosystem, named(ecosystem, connections, requested));
    const active = connections.filter((connection) => connection.status === 'active');
    if (active.length === 1) return active[0]!;
    if (active.length > 1) {
      throw new ValidationError(
        `${ecosystem.displayName} has ${active.length} connected accounts for this tenant: say which with the connection argument (${listed(active)})`,
        [{ path: 'connection', message: `one of: ${active.map((connection) => connection.id).join(', ')}` }],
      );
    }
    if (connections.length === 1) return this.usable(tenantId, ecosystem, connections[0]!);
    if (connections.length > 1) {
      throw new ValidationError(`None of this tenant's ${ecosystem.displayName} connections is active: ${listed(connections)}; reconnect one, then name it with the connection argument`);
    }
    throw this.vault.notConnected(ecosystem);
  }

  /** The levels a call on `connection` holds: the key's, narrowed to the connection's when it records levels. */
  levelsOn(connection: ConnectionSummary, keyLevels: ReadonlySet<string>): Set<string> {
    const held = connection.levels;
    return new Set([...keyLevels].filter((level) => !held || held.includes(level)));
  }

  /**
   * Why a call of `toolName` on `connection` cannot run though the key may
   * use it: the level the tool needs that the key holds and the connection
   * lacks, with the reconnect that asks for it. Undefined when it can run.
   */
  levelRefusal(tenantId: string, ecosystem: AnyEcosystem, resolved: ResolvedConfig, connection: ConnectionSummary, keyLevels: ReadonlySet<string>, toolName: string): string | undefined {
    const needing = Object.entries(ecosystem.permissionLevels ?? {}).filter(([, level]) => level.tools?.includes(toolName)).map(([name]) => name);
    const onConnection = this.levelsOn(connection, keyLevels);
    if (!needing.length || needing.some((level) => onConnection.has(level))) return undefined;
    const level = needing.find((candidate) => keyLevels.has(candidate)) ?? needing[0]!;
    return `${toolName} needs the "${level}" permission level: ${this.guidance(tenantId, ecosystem, resolved, connection, level)}`;
  }

  /** What a caller is told when `connection` lacks `level` (the vault's words: the level and the reconnect that asks for it). */
  guidance(tenantId: string, ecosystem: AnyEcosystem, resolved: ResolvedConfig, connection: ConnectionSummary, level: string): string {
    return this.vault.missingLevelGuidance(tenantId, ecosystem, resolved, connection, level);
  }

  private async usable(tenantId: string, ecosystem: AnyEcosystem, connection: ConnectionSummary): Promise<ConnectionSummary> {
    if (connection.status === 'active') return connection;
    throw await this.vault.reconnectRequired(tenantId, ecosystem, connection.id);
  }
}

function named(ecosystem: AnyEcosystem, connections: ConnectionSummary[], requested: string): ConnectionSummary {
  const wanted = requested.trim().toLowerCase();
  const byId = connections.find((connection) => connection.id === requested);
  const byName = connections.filter((connection) => connection.displayName?.toLowerCase() === wanted);
  if (byId) return byId;
  if (byName.length === 1) return byName[0]!;
  const why = byName.length > 1 ? `names ${byName.length} ${ecosystem.displayName} connections` : `is not a ${ecosystem.displayName} connection of this tenant`;
  throw new ValidationError(`connection "${boundedName(requested)}" ${why}; it has: ${connections.length ? listed(connections) : 'none'}`, [
    { path: 'connection', message: connections.length ? `one of: ${connections.map((connection) => connection.id).join(', ')}` : 'no connection to choose' },
  ]);
}

function listed(connections: ConnectionSummary[]): string {
  return connections
    .map((connection) => `${connection.id}${connection.displayName ? ` "${connection.displayName}"` : ''}${connection.status === 'active' ? '' : ` (${connection.status})`}`)
    .join(', ');
}
