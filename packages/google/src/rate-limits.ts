import type { RateLimitSpec } from '@enterprise-mcp/core';

/**
 * Google's per-user quotas as outbound limits. Every request names its
 * discovery method id as the operation (`gmail.users.messages.send`), and the
 * host keys `credential` budgets by connection, so each Google user gets its own.
 *
 * Gmail counts quota units per method (send 100, drafts.send 100, drafts.create
 * and update 10, list/get/modify 5, labels.list 1) against 6,000 units a minute
 * per user (the quotas of projects created after 1 May 2026; older ones had
 * 15,000). A limit here counts requests, so each cost class gets the budget of
 * 6,000 units spent on it alone.
 */
const GMAIL_UNITS_PER_MINUTE = 6000;

const gmail = (units: number, operations: string[], what: string): RateLimitSpec => ({
  points: Math.floor(GMAIL_UNITS_PER_MINUTE / units),
  durationSeconds: 60,
  scope: 'credential',
  operations,
  description: `Gmail ${what}: ${units} quota units each, ${GMAIL_UNITS_PER_MINUTE} units a minute per user`,
});

export const GOOGLE_RATE_LIMITS: RateLimitSpec[] = [
  gmail(100, ['gmail.users.messages.send', 'gmail.users.drafts.send'], 'sending'),
  gmail(10, ['gmail.users.drafts.create', 'gmail.users.drafts.update'], 'draft writes'),
  gmail(5, ['gmail.users.messages.list', 'gmail.users.messages.get', 'gmail.users.messages.modify', 'gmail.users.messages.trash', 'gmail.users.messages.attachments.get', 'gmail.users.threads.*', 'gmail.users.drafts.get', 'gmail.users.drafts.list', 'gmail.users.getProfile'], 'reads and label changes'),
  gmail(1, ['gmail.users.labels.list'], 'label lists'),
  { points: 600, durationSeconds: 60, scope: 'credential', operations: ['calendar.*'], description: 'Calendar: 600 requests a minute per user' },
  {
    points: 60,
    durationSeconds: 60,
    scope: 'credential',
    operations: ['sheets.spreadsheets.get', 'sheets.spreadsheets.values.get', 'sheets.spreadsheets.values.batchGet'],
    description: 'Sheets: 60 read requests a minute per user',
  },
  {
    points: 60,
    durationSeconds: 60,
    scope: 'credential',
    operations: ['sheets.spreadsheets.create', 'sheets.spreadsheets.batchUpdate', 'sheets.spreadsheets.values.update', 'sheets.spreadsheets.values.append'],
    description: 'Sheets: 60 write requests a minute per user',
  },
  { points: 300, durationSeconds: 60, scope: 'credential', operations: ['docs.documents.get'], description: 'Docs: 300 read requests a minute per user' },
  { points: 60, durationSeconds: 60, scope: 'credential', operations: ['docs.documents.create', 'docs.documents.batchUpdate'], description: 'Docs: 60 write requests a minute per user' },
];
