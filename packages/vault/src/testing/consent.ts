/**
 * Answers a fake provider's consent page the way a browser would (without
 * one): the page's form holds the authorization request's parameters; posting
 * it with a decision gives the redirect back to the app. `untick` leaves
 * those scopes' boxes unticked, as a person may on Google's consent screen.
 */
import { CONSENT_SCOPE_FIELDS } from '@enterprise-mcp/core/testing';

export async function answerConsent(authorizationUrl: string, decision: { account?: string; approve?: boolean; untick?: string[] } = {}): Promise<URL> {
  const url = new URL(authorizationUrl);
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const form = new URLSearchParams(url.searchParams);
  if (decision.account) form.set('account', decision.account);
  form.set('decision', decision.approve === false ? 'deny' : 'approve');
  if (decision.untick) {
    // The page's scope boxes, all ticked but these.
    form.set(CONSENT_SCOPE_FIELDS.shown, '1');
    for (const scope of (url.searchParams.get('scope') ?? '').split(' ').filter(Boolean)) if (!decision.untick.includes(scope)) form.append(CONSENT_SCOPE_FIELDS.granted, scope);
  }
  const answer = await fetch(new URL(url.pathname, url), { method: 'POST', body: form, redirect: 'manual' });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status} without a redirect`);
  return new URL(location);
}
