import { describe, expect, it } from '@jest/globals';
import { chooseConnectionLevels, ecosystemVariables, oauthScopesFor, readEcosystemEnv } from '@enterprise-mcp/core';
import { z } from 'zod';
import { GOOGLE_OAUTH, googleEcosystem } from './ecosystem.js';
import {
  GOOGLE_PERMISSIONS,
  GOOGLE_TOOL_TIERS,
  PERMISSION_LEVELS,
  googleLevelOfTool,
  googleLevelsForScopes,
  googleScopesForLevels,
  googleToolsForLevels,
  googleToolsForTier,
  missingScopes,
  parsePermissionLevels,
  type PermissionLevel,
} from './permissions.js';
import { discoveryMethodIds, methodSpec } from './testing/spec.js';

const names = googleEcosystem.tools.map((tool) => tool.name);

describe('googleEcosystem configuration', () => {
  it('is OAuth when the client id and secret are set, a service account when its key is', () => {
    expect(readEcosystemEnv(googleEcosystem, { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' })).toMatchObject({ status: 'enabled', config: { mode: 'oauth' } });
    expect(readEcosystemEnv(googleEcosystem, { GOOGLE_SERVICE_ACCOUNT_KEY: '{}', GOOGLE_IMPERSONATE_USER: 'ada@example.com' })).toMatchObject({ status: 'enabled', config: { mode: 'serviceAccount', config: { subject: 'ada@example.com' } } });
    expect(readEcosystemEnv(googleEcosystem, {}).status).toBe('disabled');
    const bad = readEcosystemEnv(googleEcosystem, { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's', GOOGLE_PERMISSION_LEVELS: 'read,admin' });
    expect(bad.status === 'invalid' && bad.error.message).toContain('GOOGLE_PERMISSION_LEVELS');
  });

  it('reads its variables and declares many connections', () => {
    expect(ecosystemVariables(googleEcosystem).sort()).toEqual(
      ['GOOGLE_ALLOWED_RECIPIENT_DOMAINS', 'GOOGLE_AUTH_MODE', 'GOOGLE_BASE_URL', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_IMPERSONATE_USER', 'GOOGLE_OAUTH_BASE_URL', 'GOOGLE_PERMISSION_LEVELS', 'GOOGLE_SERVICE_ACCOUNT_KEY'].sort(),
    );
    expect(googleEcosystem.connections).toBe('many');
  });

  it("asks Google for offline access with a refresh token on every consent, incremental scopes, and identity", () => {
    expect(GOOGLE_OAUTH.authorizationParams).toEqual({ access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' });
    expect(GOOGLE_OAUTH.scopes).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(GOOGLE_OAUTH.rotatesRefreshTokens).toBe(false);
    expect(GOOGLE_OAUTH.identify({ tokens: { accessToken: 'a', raw: {} }, params: {} })).toEqual({ externalIds: {}, accountKind: 'account' });
  });
});

describe('permission levels as data', () => {
  it('puts every tool in exactly one level and one tier', () => {
    const inLevels = PERMISSION_LEVELS.flatMap((level) => GOOGLE_PERMISSIONS[level].tools);
    expect([...inLevels].sort()).toEqual([...names].sort());
    expect(googleToolsForTier(3).sort()).toEqual([...names].sort());
    expect(new Set(Object.values(GOOGLE_TOOL_TIERS).flat()).size).toBe(names.length);
  });

  it('annotates read tools read-only and send, share and delete tools destructive', () => {
    for (const tool of googleEcosystem.tools) {
      const level = googleLevelOfTool(tool.name)!;
      expect({ tool: tool.name, readOnly: tool.annotations.readOnlyHint }).toEqual({ tool: tool.name, readOnly: level === 'read' });
      if (['send', 'share', 'delete'].includes(level)) expect({ tool: tool.name, destructive: tool.annotations.destructiveHint }).toEqual({ tool: tool.name, destructive: true });
    }
  });

  it('computes a connection’s scopes and a key’s tools from levels', () => {
    expect(googleScopesForLevels(['read'])).toEqual(['openid', 'email', 'https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/calendar.readonly', 'https://www.googleapis.com/auth/drive.readonly']);
    expect(googleToolsForLevels(['read'])).not.toContain('google_send_message');
    expect(googleToolsForLevels(['read', 'send'])).toContain('google_send_message');
    expect(parsePermissionLevels('send, read')).toEqual(['read', 'send']);
    expect(() => parsePermissionLevels('read,admin')).toThrow('admin');
  });

  it('asks a new connection only for the scopes of the levels this deployment allows (GOOGLE_PERMISSION_LEVELS)', () => {
    const read = readEcosystemEnv(googleEcosystem, { GOOGLE_CLIENT_ID: 'c', GOOGLE_CLIENT_SECRET: 's', GOOGLE_PERMISSION_LEVELS: 'read,draft' });
    if (read.status !== 'enabled') throw new Error(read.status);
    expect(oauthScopesFor(googleEcosystem, read.config)).toEqual(googleScopesForLevels(['read', 'draft']));
    expect(oauthScopesFor(googleEcosystem, read.config)).not.toContain('https://www.googleapis.com/auth/gmail.send');
  });

  it('asks a connection for the scopes of its chosen levels, among the allowed ones', () => {
    const read = readEcosystemEnv(googleEcosystem, { GOOGLE_CLIENT_ID: 'c', GOOGLE_CLIENT_SECRET: 's', GOOGLE_PERMISSION_LEVELS: 'read,draft,send' });
    if (read.status !== 'enabled') throw new Error(read.status);
    expect(oauthScopesFor(googleEcosystem, read.config, ['read'])).toEqual(googleScopesForLevels(['read']));
    expect(chooseConnectionLevels(googleEcosystem, read.config, ['draft', 'read'])).toEqual(['read', 'draft']);
    expect(() => chooseConnectionLevels(googleEcosystem, read.config, ['share'])).toThrow('"share" is not allowed by this deployment (GOOGLE_PERMISSION_LEVELS); allowed: read, draft, send');
  });

  it('tells which levels a consent with unticked boxes still covers', () => {
    const granted = googleScopesForLevels(['read', 'send']).filter((scope) => !scope.endsWith('gmail.send')).map((scope) => (scope === 'email' ? 'https://www.googleapis.com/auth/userinfo.email' : scope));
    // gmail.compose stays: it is the draft level's scope too.
    expect(googleLevelsForScopes(granted)).toEqual(['read', 'draft']);
    expect(missingScopes(['read', 'send'], granted)).toEqual(['https://www.googleapis.com/auth/gmail.send']);
  });

  it("grants each level's tools the scopes Google's discovery documents require for the methods they call", () => {
    // The methods each level's tools call, with the level each call names (drafts.get reads a draft
    // to update or send it; move_file reads the file's parents first; identify reads the profile).
    const calls: Record<PermissionLevel, string[]> = {
      read: [
        'gmail.users.getProfile',
        'gmail.users.threads.list',
        'gmail.users.threads.get',
        'gmail.users.messages.list',
        'gmail.users.messages.get',
        'gmail.users.messages.attachments.get',
        'gmail.users.labels.list',
        'calendar.calendarList.list',
        'calendar.events.list',
        'calendar.events.get',
        'calendar.freebusy.query',
        'drive.about.get',
        'drive.files.list',
        'drive.files.get',
        'drive.files.export',
        'sheets.spreadsheets.values.get',
        'docs.documents.get',
      ],
      organize: ['gmail.users.messages.modify', 'gmail.users.threads.modify', 'drive.files.get', 'drive.files.update'],
      draft: ['gmail.users.drafts.create', 'gmail.users.drafts.update', 'gmail.users.drafts.get'],
      send: ['gmail.users.messages.send', 'gmail.users.drafts.send', 'gmail.users.drafts.get'],
      write: [
        'calendar.events.insert',
        'calendar.events.patch',
        'drive.files.create',
        'sheets.spreadsheets.create',
        'sheets.spreadsheets.batchUpdate',
        'sheets.spreadsheets.values.update',
        'sheets.spreadsheets.values.append',
        'docs.documents.create',
        'docs.documents.batchUpdate',
      ],
      share: ['drive.permissions.create', 'drive.permissions.list', 'drive.permissions.delete'],
      delete: ['gmail.users.threads.trash', 'gmail.users.messages.trash', 'calendar.events.delete', 'drive.files.update'],
    };
    for (const [level, methods] of Object.entries(calls)) {
      const scopes = GOOGLE_PERMISSIONS[level as PermissionLevel].scopes;
      for (const method of methods) expect({ level, method, granted: methodSpec(method).scopes.some((scope) => scopes.includes(scope)) }).toEqual({ level, method, granted: true });
    }
    // Every method of the five APIs the fake serves is called by some level (spreadsheets.get only lets tests look).
    const called = new Set([...Object.values(calls).flat(), 'sheets.spreadsheets.get']);
    expect(discoveryMethodIds().filter((id) => !called.has(id))).toEqual([]);
    expect(new Set(discoveryMethodIds().map((id) => id.split('.')[0]))).toEqual(new Set(['gmail', 'calendar', 'drive', 'sheets', 'docs']));
  });
});

describe('googleEcosystem tools and limits', () => {
  it('names every tool google_<verb>_<noun>, describes every field and declares its output', () => {
    for (const tool of googleEcosystem.tools) {
      expect(tool.name).toMatch(/^google_[a-z]+_[a-z_]+$/);
      for (const [field, schema] of Object.entries(tool.input.shape)) expect({ tool: tool.name, field, described: Boolean((schema as { description?: string }).description) }).toMatchObject({ described: true });
      expect(tool.output).toBeInstanceOf(z.ZodObject);
    }
  });

  it('declares the per-user quotas per credential (the host keys them by connection)', () => {
    const limits = googleEcosystem.rateLimits;
    expect(limits.every((limit) => limit.scope === 'credential')).toBe(true);
    expect(limits.find((limit) => limit.operations?.includes('sheets.spreadsheets.values.get'))).toMatchObject({ points: 60, durationSeconds: 60 });
    expect(limits.find((limit) => limit.operations?.includes('sheets.spreadsheets.values.update'))).toMatchObject({ points: 60, durationSeconds: 60 });
    expect(limits.find((limit) => limit.operations?.includes('calendar.*'))).toMatchObject({ points: 600, durationSeconds: 60 });
    expect(limits.find((limit) => limit.operations?.includes('gmail.users.messages.send'))).toMatchObject({ points: 60 });
  });
});
