import type { FakeResponse } from '@enterprise-mcp/core/testing';

/**
 * QuickBooks' error bodies, in the shapes its clients meet: a capitalised `Fault` with an ISO
 * time for validation and business errors, an all-lowercase `fault` with epoch milliseconds for
 * 401, and XML for throttling whatever the Accept header said.
 */
export class QuickBooksFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly element?: string,
    readonly type = status === 400 ? 'ValidationFault' : 'SystemFault',
  ) {
    super(message);
  }
}

export function faultBody(fault: QuickBooksFault, time: Date): Record<string, unknown> {
  const error = { Message: fault.message, Detail: fault.detail, code: fault.code, ...(fault.element ? { element: fault.element } : {}) };
  return { Fault: { Error: [error], type: fault.type }, time: isoTime(time) };
}

export const validation = (code: string, message: string, detail: string, element?: string) => new QuickBooksFault(400, code, message, detail, element);

export const notFound = (entity: string, id: string) =>
  validation('610', 'Object Not Found', `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`);

export const staleObject = () =>
  validation('5010', 'Stale Object Error', 'Stale Object Error : You and Quinn Bookkeeper were working on this at the same time. Quinn Bookkeeper finished before you did, so your work was not saved.');

export const duplicateName = () =>
  validation('6240', 'Duplicate Name Exists Error', 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.');

export const requiredMissing = (field: string) =>
  validation('2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${field} is missing in the request`, field);

export const invalidReference = (field: string, id: string) =>
  validation('2500', 'Invalid Reference Id', `Invalid Reference Id : Something you're trying to use has been made inactive or does not exist (${field} ${id})`, field);

export const businessRule = (detail: string, element?: string) =>
  validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element);

export const queryError = (detail: string) => validation('4000', 'Error parsing query', `QueryParserError: ${detail}`);

/** The 401 QuickBooks answers for a missing, expired or foreign token: lowercase keys, epoch-ms time, a www-authenticate header. */
export function authFault(time: Date): FakeResponse {
  return {
    status: 401,
    headers: { 'www-authenticate': 'Bearer realm="Intuit", error="invalid_token"' },
    body: {
      warnings: null,
      intuitObject: null,
      fault: {
        error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired: the access token is invalid or expired', code: '3200', element: null }],
        type: 'AUTHENTICATION',
      },
      report: null,
      queryResponse: null,
      batchItemResponse: [],
      attachableResponse: [],
      syncErrorResponse: null,
      requestId: null,
      time: time.getTime(),
      status: null,
      cdcresponse: [],
    },
  };
}

/** The 403 for a token of another company (the realm in the path is not the grant's). */
export function forbiddenFault(time: Date): FakeResponse {
  const fault = new QuickBooksFault(403, '3100', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'The application is not authorized for this company (realm).', undefined, 'AUTHORIZATION');
  return { status: 403, body: faultBody(fault, time) };
}

/** Intuit's throttle answer: XML, even for `Accept: application/json`. */
export function throttleFault(time: Date, status = 429): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body:
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${isoTime(time)}">` +
      `<Fault type="SERVICE"><Error code="003001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=${status}</Message>` +
      `<Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>`,
  };
}

/** QuickBooks writes times in the company's zone with an offset; the fake's companies keep Pacific time. */
export function isoTime(time: Date): string {
  const pacific = new Date(time.getTime() - 7 * 3600_000);
  return `${pacific.toISOString().slice(0, 23)}-07:00`;
}
