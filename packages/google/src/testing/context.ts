import type { FakeRequest, FakeResponse, FakeRoute } from '@enterprise-mcp/core/testing';
import { methodSpec, validateRequest } from './spec.js';
import { googleError, invalidRequest } from './respond.js';
import type { Grant } from './oauth.js';
import type { GoogleFakeState } from './state.js';

/** What every route handler of the fake gets. */
export interface FakeContext {
  state: GoogleFakeState;
  now(): number;
  /** Drive and Calendar lists answer short and empty pages that still carry a nextPageToken. */
  shortPages: boolean;
  grantOf(request: FakeRequest): Grant;
  /** Lets a request derived from another (an upload's metadata part) carry its grant. */
  derive(from: FakeRequest, into: FakeRequest): FakeRequest;
}

export type ApiHandler = (request: FakeRequest, user: string) => FakeResponse | Promise<FakeResponse>;

const SERVICES: Record<string, string> = { gmail: 'gmail.googleapis.com', calendar: 'calendar-json.googleapis.com', drive: 'drive.googleapis.com', sheets: 'sheets.googleapis.com', docs: 'docs.googleapis.com' };

/**
 * A route for one discovery method: its path from the document, then, in
 * Google's order, the scope check (403 insufficientPermissions with
 * WWW-Authenticate) and the request's validation against the document.
 * `upload: true` serves the method's upload path (`mediaUpload`) instead.
 */
export function apiRoute(ctx: FakeContext, methodId: string, handler: ApiHandler, options: { upload?: boolean } = {}): FakeRoute {
  const spec = methodSpec(methodId);
  const template = options.upload ? spec.uploadTemplate : spec.template;
  if (!template) throw new Error(`The discovery document gives ${methodId} no upload path`);
  const verbs = new Map<string, string>();
  const path = template
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)\}(?::(\w+))?$/.exec(segment);
      if (!match) return segment;
      if (match[2]) verbs.set(match[1]!, match[2]);
      return `:${match[1]}`;
    })
    .join('/');
  return {
    method: spec.httpMethod,
    path,
    handler: (request) => {
      for (const [param, verb] of verbs) {
        const value = request.params[param] ?? '';
        if (!value.endsWith(`:${verb}`)) return googleError(404, 'Requested entity was not found.');
        request.params[param] = value.slice(0, -verb.length - 1);
      }
      const grant = ctx.grantOf(request);
      if (!spec.scopes.some((scope) => grant.scopes.has(scope))) return insufficientScopes(spec.api, methodId, spec.scopes);
      const body = request.body === undefined || request.body === '' || typeof request.body === 'string' ? undefined : request.body;
      const problems = validateRequest(methodId, { body, query: request.query }, options);
      if (problems.length) return invalidRequest(problems);
      return handler(request, grant.email);
    },
  };
}

/** Google's answer to a token without any of the method's scopes. */
export function insufficientScopes(api: string, methodId: string, scopes: string[]): FakeResponse {
  return googleError(403, 'Request had insufficient authentication scopes.', {
    reason: 'insufficientPermissions',
    status: 'PERMISSION_DENIED',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service: SERVICES[api] ?? `${api}.googleapis.com`, method: methodId } }],
    headers: { 'www-authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scopes.join(' ')}"` },
  });
}
