import { AuthenticationError, ValidationError, type ToolContext } from '@enterprise-mcp/core';
import { z } from 'zod';
import type { CloudflareClient } from './client.js';
import { PLATFORM } from './errors.js';
import { cloudflareTool } from './tool.js';
import { getUser, verifyAccountToken, verifyUserToken } from './tokens.api.js';

const input = z.object({
  kind: z
    .enum(['user', 'account'])
    .optional()
    .describe(
      'Which kind of API token this is: "user" (created under My Profile > API Tokens) or "account" (created under Manage Account > API Tokens). Leave it out to try the user endpoint first and then, when an account id is known, the account endpoint. Not used with a Global API Key.',
    ),
  accountId: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be a 32-character hex account id')
    .optional()
    .describe('Account id for an account-owned token; defaults to the configured CLOUDFLARE_ACCOUNT_ID. Not used with a Global API Key.'),
});

const output = z.object({
  valid: z.boolean().describe('True when the credential is active and can be used now'),
  id: z.string().describe('The token id (not the secret); for a Global API Key, the id of its user'),
  status: z.string().describe('active, disabled or expired for tokens; active or suspended for a Global API Key'),
  kind: z.enum(['user', 'account', 'global-key']).describe('user or account token, or global-key (email and Global API Key)'),
  checked: z.string().describe('The call that checked the credential, e.g. GET /user/tokens/verify'),
  accountId: z.string().optional().describe('Account the token belongs to, for account tokens'),
  email: z.string().optional().describe('The user a Global API Key belongs to'),
  expiresOn: z.string().optional().describe('ISO time the token expires, if it does'),
  notBefore: z.string().optional().describe('ISO time before which the token is not valid, if set'),
  message: z.string().optional().describe("Cloudflare's own message about the credential"),
});

type Verification = z.input<typeof output>;
type Context = ToolContext<CloudflareClient>;

export const verifyTokenTool = cloudflareTool({
  name: 'cloudflare_verify_token',
  title: 'Verify Cloudflare credentials',
  description:
    'Checks that the configured Cloudflare credentials are valid and active: an API token at its verify endpoint (its id, status and expiry), or an email and Global API Key by reading the user they belong to (GET /user), since Cloudflare has no verify endpoint for keys. Use it first when other Cloudflare tools fail with authentication errors, or to confirm setup. It cannot list permissions.',
  input,
  output,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: (args, ctx) => (ctx.client.authMode === 'legacy' ? verifyGlobalKey(ctx) : verifyApiToken(args, ctx)),
});

/** A Global API Key is good when Cloudflare answers GET /user with it (9103 otherwise). */
async function verifyGlobalKey(ctx: Context): Promise<Verification> {
  try {
    const user = await getUser(ctx.client, ctx.signal);
    return {
      valid: !user.suspended,
      id: user.id,
      status: user.suspended ? 'suspended' : 'active',
      kind: 'global-key',
      checked: 'GET /user',
      email: user.email,
      message: user.suspended
        ? 'Cloudflare accepts the email and Global API Key, but the user is suspended'
        : 'Cloudflare accepts the email and Global API Key (GET /user answered with their user)',
    };
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    throw new AuthenticationError('Cloudflare does not recognise this email and Global API Key (tried GET /user)', {
      platform: PLATFORM,
      status: error.status,
      platformCode: error.platformCode,
      hint: "CLOUDFLARE_EMAIL must be the email you log in to Cloudflare with and CLOUDFLARE_API_KEY that user's Global API Key (My Profile > API Tokens > Global API Key > View); an API token goes in CLOUDFLARE_API_TOKEN instead",
    });
  }
}

async function verifyApiToken(args: z.output<typeof input>, ctx: Context): Promise<Verification> {
  const accountId = args.accountId ?? ctx.client.accountId;
  if (args.kind === 'account' && !accountId) {
    throw new ValidationError('An account id is needed to verify an account-owned token', [
      { path: 'accountId', message: 'pass accountId or set CLOUDFLARE_ACCOUNT_ID' },
    ]);
  }
  // A user token fails at the account endpoint and an account token at the user
  // endpoint, both as 1000 "Invalid API Token": without a stated kind, try both.
  const kinds: Array<'user' | 'account'> = args.kind ? [args.kind] : accountId ? ['user', 'account'] : ['user'];
  let rejected: AuthenticationError | undefined;
  for (const kind of kinds) {
    try {
      return await verifyAt(kind, accountId, ctx);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      rejected = error;
    }
  }
  const tried = kinds.map((kind) => verifyPath(kind, accountId)).join(' and ');
  throw new AuthenticationError(`Cloudflare does not recognise this API token (tried ${tried})`, {
    platform: PLATFORM,
    status: rejected?.status,
    platformCode: rejected?.platformCode,
    hint: accountId
      ? 'the token is mistyped, deleted or rolled, or belongs to another account than CLOUDFLARE_ACCOUNT_ID: copy it again from My Profile > API Tokens (user tokens) or Manage Account > API Tokens (account tokens) into CLOUDFLARE_API_TOKEN'
      : 'the token is mistyped, deleted or rolled: copy it again from My Profile > API Tokens into CLOUDFLARE_API_TOKEN; for an account-owned token also set CLOUDFLARE_ACCOUNT_ID (or pass accountId)',
  });
}

async function verifyAt(kind: 'user' | 'account', accountId: string | undefined, ctx: Context): Promise<Verification> {
  const envelope = kind === 'account' ? await verifyAccountToken(ctx.client, accountId!, ctx.signal) : await verifyUserToken(ctx.client, ctx.signal);
  const token = envelope.result;
  return {
    valid: token.status === 'active',
    id: token.id,
    status: token.status,
    kind,
    checked: `GET ${verifyPath(kind, accountId)}`,
    ...(kind === 'account' ? { accountId } : {}),
    ...(token.expires_on ? { expiresOn: token.expires_on } : {}),
    ...(token.not_before ? { notBefore: token.not_before } : {}),
    ...(envelope.messages[0] ? { message: envelope.messages[0].message } : {}),
  };
}

function verifyPath(kind: 'user' | 'account', accountId: string | undefined): string {
  return kind === 'user' ? '/user/tokens/verify' : `/accounts/${accountId}/tokens/verify`;
}

export const tokenTools = [verifyTokenTool];
