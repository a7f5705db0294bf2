import { RateLimitedError, ValidationError } from '@enterprise-mcp/core';
import { describe, expect, it } from '@jest/globals';
import { mapQuickBooksError, parseFault } from './errors.js';

const failure = (status: number, body: unknown, headers: Record<string, string> = { intuit_tid: '1-abc' }) => ({ platform: 'QuickBooks', method: 'POST', status, headers, body });

describe('QuickBooks faults', () => {
  it('reads all three shapes', () => {
    expect(parseFault({ Fault: { Error: [{ Message: 'M', Detail: 'D', code: '6000', element: 'Line' }], type: 'ValidationFault' }, time: '2026-01-01T00:00:00.000-07:00' })).toEqual({
      type: 'ValidationFault',
      errors: [{ code: '6000', message: 'M', detail: 'D', element: 'Line' }],
    });
    expect(parseFault({ fault: { error: [{ message: 'm', detail: 'd', code: '3200', element: null }], type: 'AUTHENTICATION' }, time: 1700000000000 })?.errors[0]).toEqual({
      code: '3200',
      message: 'm',
      detail: 'd',
      element: undefined,
    });
    const xml = '<?xml version="1.0"?><IntuitResponse><Fault type="SERVICE"><Error code="003001"><Message>message=ThrottleExceeded</Message><Detail>a &amp; b</Detail></Error></Fault></IntuitResponse>';
    expect(parseFault(xml)).toEqual({ type: 'SERVICE', errors: [{ code: '003001', message: 'message=ThrottleExceeded', detail: 'a & b' }] });
    expect(parseFault('<html>gateway</html>')).toBeUndefined();
  });

  it('maps 6000 to a ValidationError naming the element, with the intuit_tid in the message', () => {
    const error = mapQuickBooksError(failure(400, { Fault: { Error: [{ Message: 'A business validation error', Detail: 'Business Validation Error: no', code: '6000', element: 'TxnDate' }] } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ path: 'TxnDate', message: 'Business Validation Error: no', code: '6000' }]);
    expect(error.toToolMessage()).toBe('A business validation error: Business Validation Error: no (intuit_tid 1-abc) (QuickBooks 6000): fix the named fields and call again [TxnDate: Business Validation Error: no]');
  });

  it('maps a 403 XML throttle to RateLimitedError with a minute to wait', () => {
    const error = mapQuickBooksError(failure(403, '<IntuitResponse><Fault><Error code="003001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=403</Message></Error></Fault></IntuitResponse>'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(60);
  });
});
