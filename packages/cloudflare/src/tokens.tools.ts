import { AuthenticationError, ValidationError } from '@enterprise-mcp/core';
import { PLATFORM } from './errors.js';
import { z } from 'zod';
import { cloudflareTool } from './tool.js';

const input = z.object({
  kind: z
    .enum(['user', 'account'])
    .optional()
    .describe(
      'Which kind of token this is: "user" (created under My Profile > API Tokens) or "account" (created under Manage Account > API Tokens). Leave it out to try the user endpoint first and then, when an account id is known, the account endpoint.',
    ),
  accountId: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be a 32-character hex account id')
    .optional()
    .describe('Account id for an account-owned token; defaults to the configured CLOUDFLARE_ACCOUNT_ID.'),
});

const output = z.object({
  valid: z.boolean().describe('True when the token is active and can be used now'),
  id: z.string().describe('The token id (not the secret)'),
  status: z.string().describe('active, disabled or expired'),
  kind: z.enum(['user', 'account']).describe('Which endpoint verified it'),
  accountId: z.string().optional().describe('Account the token belongs to, for account tokens'),
  expiresOn: z.string().optional().describe('ISO time the token expires, if it does'),
  notBefore: z.string().optional().describe('ISO time before which the token is not valid, if set'),
  message: z.string().optional().describe("Cloudflare's own message about the token"),
});

export const verifyToken = cloudflareTool({
  name: 'cloudflare_verify_token',
  title: 'Verify Cloudflare API token',
  description:
    'Checks that the configured Cloudflare API token is valid and active, and reports its id, status and expiry. Use it first when other Cloudflare tools fail with authentication errors, or to confirm setup. It cannot list the token permissions.',
  input,
  output,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, ctx) => {
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
        const envelope =
          kind === 'account'
            ? await ctx.client.verifyAccountToken(accountId!, ctx.signal)
            : await ctx.client.verifyUserToken(ctx.signal);
        const token = envelope.result;
        return {
          valid: token.status === 'active',
          id: token.id,
          status: token.status,
          kind,
          ...(kind === 'account' ? { accountId } : {}),
          ...(token.expires_on ? { expiresOn: token.expires_on } : {}),
          ...(token.not_before ? { notBefore: token.not_before } : {}),
          ...(envelope.messages[0] ? { message: envelope.messages[0].message } : {}),
        };
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        rejected = error;
      }
    }
    const tried = kinds.map((kind) => (kind === 'user' ? '/user/tokens/verify' : `/accounts/${accountId}/tokens/verify`)).join(' and ');
    throw new AuthenticationError(`Cloudflare does not recognise this API token (tried ${tried})`, {
      platform: PLATFORM,
      status: rejected?.status,
      platformCode: rejected?.platformCode,
      hint: accountId
        ? 'the token is mistyped, deleted or rolled, or belongs to another account than CLOUDFLARE_ACCOUNT_ID: copy it again from My Profile > API Tokens (user tokens) or Manage Account > API Tokens (account tokens) into CLOUDFLARE_API_TOKEN'
        : 'the token is mistyped, deleted or rolled: copy it again from My Profile > API Tokens into CLOUDFLARE_API_TOKEN; for an account-owned token also set CLOUDFLARE_ACCOUNT_ID (or pass accountId)',
    });
  },
});

export const tokenTools = [verifyToken];
