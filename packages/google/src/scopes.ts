/** Google's OAuth scopes the package uses, by their published names. */
const AUTH = 'https://www.googleapis.com/auth';

export const SCOPES = {
  openid: 'openid',
  email: 'email',
  userinfoEmail: `${AUTH}/userinfo.email`,
  gmailReadonly: `${AUTH}/gmail.readonly`,
  gmailModify: `${AUTH}/gmail.modify`,
  gmailCompose: `${AUTH}/gmail.compose`,
  gmailSend: `${AUTH}/gmail.send`,
  gmailMetadata: `${AUTH}/gmail.metadata`,
  calendarReadonly: `${AUTH}/calendar.readonly`,
  calendarEvents: `${AUTH}/calendar.events`,
  calendar: `${AUTH}/calendar`,
  driveReadonly: `${AUTH}/drive.readonly`,
  driveFile: `${AUTH}/drive.file`,
  drive: `${AUTH}/drive`,
  spreadsheets: `${AUTH}/spreadsheets`,
  spreadsheetsReadonly: `${AUTH}/spreadsheets.readonly`,
  documents: `${AUTH}/documents`,
  documentsReadonly: `${AUTH}/documents.readonly`,
} as const;

/** Asked with every grant so the token response's id_token names the account (see `identify`). */
export const IDENTITY_SCOPES: string[] = [SCOPES.openid, SCOPES.email];

/** Google answers `email` as `…/userinfo.email` in a token response's `scope`: both mean the same grant. */
export function normaliseScope(scope: string): string {
  return scope === SCOPES.email ? SCOPES.userinfoEmail : scope;
}
