import { afterEach, describe, expect, it } from '@jest/globals';
import { startFakeBucket, type FakeBucket } from './bucket.js';

let bucket: FakeBucket | undefined;
afterEach(async () => bucket?.close());

describe("the report documents' S3 bucket", () => {
  it("serves an object at its presigned URL, and answers S3's XML errors otherwise", async () => {
    const clock = { now: new Date('2026-12-02T03:00:00Z') };
    bucket = await startFakeBucket(() => clock.now);
    bucket.put('doc-1', Buffer.from([0x1f, 0x8b, 0x08]), 'application/x-gzip');
    const url = new URL(bucket.presign('doc-1'));
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261202T030000Z');

    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));

    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Expires', '3600');
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const withToken = await fetch(url, { headers: { 'x-amz-access-token': 'Atza|x' } });
    expect(withToken.status).toBe(400);
    expect(await withToken.text()).toContain('<Code>InvalidArgument</Code>');

    const missing = await fetch(bucket.presign('doc-2'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<Code>NoSuchKey</Code>');

    clock.now = new Date('2026-12-02T03:05:01Z');
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Message>Request has expired</Message>');
    expect(bucket.downloads).toBe(1);
  });
});
