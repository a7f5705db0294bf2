import type { CloudflareClient } from './client.js';
import type { CloudflareEnvelope, CloudflareUser, TokenVerification } from './types.js';

/** `GET /user/tokens/verify`: a user-owned token checks itself (the whole envelope: its message says why). */
export function verifyUserToken(client: CloudflareClient, signal?: AbortSignal): Promise<CloudflareEnvelope<TokenVerification>> {
  return client.envelope<TokenVerification>('GET /user/tokens/verify', { signal });
}

/** `GET /accounts/{account_id}/tokens/verify`: the same for an account-owned token. */
export function verifyAccountToken(client: CloudflareClient, accountId: string, signal?: AbortSignal): Promise<CloudflareEnvelope<TokenVerification>> {
  return client.envelope<TokenVerification>('GET /accounts/{account_id}/tokens/verify', { params: { account_id: accountId }, signal });
}

/** `GET /user` (user-user-details): the user the credential acts for; how a Global API Key is checked, having no verify endpoint. */
export function getUser(client: CloudflareClient, signal?: AbortSignal): Promise<CloudflareUser> {
  return client.result<CloudflareUser>('GET /user', { signal });
}
