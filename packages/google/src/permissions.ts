import { levelsCoveredByScopes } from '@enterprise-mcp/core';
import { SCOPES, IDENTITY_SCOPES, normaliseScope } from './scopes.js';

/**
 * Permission levels: what a connection is authorised for and what a key may
 * do, as data. Each level names the Google scopes its tools need and the tools
 * it unlocks. A connection is granted the union of its levels' scopes; a key
 * sees the tools of its levels.
 *
 * Google's scopes are coarser than the levels in two places, and the tool list
 * is what enforces the difference: `gmail.modify` (organize, delete) and
 * `gmail.compose` (draft) also let a token send mail. A connection without
 * `send` still gets no sending tool.
 */
export const PERMISSION_LEVELS = ['read', 'organize', 'draft', 'send', 'write', 'share', 'delete'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export interface PermissionLevelDefinition {
  description: string;
  scopes: string[];
  tools: string[];
}

export const GOOGLE_PERMISSIONS: Record<PermissionLevel, PermissionLevelDefinition> = {
  read: {
    description: 'Search and read mail, calendars, events, free/busy, files, sheets and documents',
    scopes: [SCOPES.gmailReadonly, SCOPES.calendarReadonly, SCOPES.driveReadonly],
    tools: [
      'google_search_threads',
      'google_search_messages',
      'google_get_thread',
      'google_get_message',
      'google_get_attachment',
      'google_list_labels',
      'google_list_calendars',
      'google_list_events',
      'google_get_event',
      'google_query_free_busy',
      'google_find_free_slot',
      'google_search_files',
      'google_get_file',
      'google_read_file',
      'google_read_range',
      'google_read_document',
    ],
  },
  organize: {
    description: 'Label and archive mail; move and rename files',
    scopes: [SCOPES.gmailModify, SCOPES.drive],
    tools: ['google_modify_labels', 'google_archive_mail', 'google_move_file', 'google_rename_file'],
  },
  draft: {
    description: 'Create and change drafts (never sends them)',
    scopes: [SCOPES.gmailCompose],
    tools: ['google_create_draft', 'google_update_draft'],
  },
  send: {
    description: 'Send mail: new messages, replies, existing drafts',
    scopes: [SCOPES.gmailSend, SCOPES.gmailCompose],
    tools: ['google_send_message', 'google_send_draft'],
  },
  write: {
    description: 'Create and edit events, folders, files, spreadsheets and documents',
    scopes: [SCOPES.calendarEvents, SCOPES.driveFile, SCOPES.spreadsheets, SCOPES.documents],
    tools: [
      'google_create_event',
      'google_update_event',
      'google_create_folder',
      'google_upload_text_file',
      'google_write_range',
      'google_append_rows',
      'google_create_spreadsheet',
      'google_add_sheet',
      'google_create_document',
      'google_append_text',
      'google_replace_text',
    ],
  },
  share: {
    description: 'Share files with people or make them private',
    scopes: [SCOPES.drive],
    tools: ['google_share_file', 'google_make_file_private'],
  },
  delete: {
    description: 'Trash mail and files, delete events',
    scopes: [SCOPES.gmailModify, SCOPES.calendarEvents, SCOPES.drive],
    tools: ['google_trash_mail', 'google_delete_event', 'google_trash_file'],
  },
};

/** Every level: the default of a connection or key that names none. */
export const ALL_PERMISSION_LEVELS: PermissionLevel[] = [...PERMISSION_LEVELS];

export function isPermissionLevel(value: string): value is PermissionLevel {
  return (PERMISSION_LEVELS as readonly string[]).includes(value);
}

/** The scopes a connection with these levels asks Google for (the identity scopes always), deduplicated, in level order. */
export function googleScopesForLevels(levels: readonly PermissionLevel[]): string[] {
  const scopes = new Set<string>(IDENTITY_SCOPES);
  for (const level of PERMISSION_LEVELS) if (levels.includes(level)) GOOGLE_PERMISSIONS[level].scopes.forEach((scope) => scopes.add(scope));
  return [...scopes];
}

/** The tool names a key with these levels sees. */
export function googleToolsForLevels(levels: readonly PermissionLevel[]): string[] {
  return PERMISSION_LEVELS.filter((level) => levels.includes(level)).flatMap((level) => GOOGLE_PERMISSIONS[level].tools);
}

/** The level a tool belongs to. */
export function googleLevelOfTool(toolName: string): PermissionLevel | undefined {
  return PERMISSION_LEVELS.find((level) => GOOGLE_PERMISSIONS[level].tools.includes(toolName));
}

/**
 * The levels a set of granted scopes covers fully: what a connection can do
 * after the user unticked some scopes on the consent screen.
 */
export function googleLevelsForScopes(granted: readonly string[]): PermissionLevel[] {
  return levelsCoveredByScopes(GOOGLE_PERMISSIONS, granted.map(normaliseScope)) as PermissionLevel[];
}

/** The levels' scopes a grant lacks, for "reconnect and tick these" messages. */
export function missingScopes(levels: readonly PermissionLevel[], granted: readonly string[]): string[] {
  const have = new Set(granted.map(normaliseScope));
  return googleScopesForLevels(levels).filter((scope) => !have.has(normaliseScope(scope)));
}

/** Parses a comma- or space-separated list of levels (`read,send`); names the bad entry and the valid ones. */
export function parsePermissionLevels(text: string): PermissionLevel[] {
  const entries = text.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  const bad = entries.filter((entry) => !isPermissionLevel(entry));
  if (bad.length) throw new TypeError(`unknown permission level(s) ${bad.join(', ')}: use ${PERMISSION_LEVELS.join(', ')}`);
  return PERMISSION_LEVELS.filter((level) => entries.includes(level));
}

/**
 * Tiers: which tools to offer when fewer is better (small context windows).
 * Tier 1 is what most assistants need; tier 2 adds everyday organising and
 * editing; tier 3 the rest.
 */
export const GOOGLE_TOOL_TIERS: Record<1 | 2 | 3, string[]> = {
  1: [
    'google_search_threads',
    'google_get_thread',
    'google_create_draft',
    'google_send_message',
    'google_list_events',
    'google_create_event',
    'google_find_free_slot',
    'google_search_files',
    'google_read_file',
    'google_read_range',
    'google_read_document',
  ],
  2: [
    'google_search_messages',
    'google_get_message',
    'google_get_attachment',
    'google_list_labels',
    'google_modify_labels',
    'google_archive_mail',
    'google_update_draft',
    'google_send_draft',
    'google_list_calendars',
    'google_get_event',
    'google_update_event',
    'google_delete_event',
    'google_query_free_busy',
    'google_get_file',
    'google_write_range',
    'google_append_rows',
    'google_append_text',
  ],
  3: [
    'google_trash_mail',
    'google_create_folder',
    'google_upload_text_file',
    'google_move_file',
    'google_rename_file',
    'google_trash_file',
    'google_share_file',
    'google_make_file_private',
    'google_create_spreadsheet',
    'google_add_sheet',
    'google_create_document',
    'google_replace_text',
  ],
};

/** The tools of tiers 1 to `tier`. */
export function googleToolsForTier(tier: 1 | 2 | 3): string[] {
  return ([1, 2, 3] as const).filter((t) => t <= tier).flatMap((t) => GOOGLE_TOOL_TIERS[t]);
}
