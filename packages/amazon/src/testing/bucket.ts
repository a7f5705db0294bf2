import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The S3 bucket report documents are downloaded from: its own origin, as at
 * Amazon, serving bytes (gzip) at presigned URLs that expire after 5 minutes
 * and are refused, with S3's XML error, when the signature does not match.
 */
export interface FakeBucket {
  url: string;
  put(key: string, content: Buffer, contentType: string): void;
  /** A presigned URL for a stored object, valid for `ttlSeconds`. */
  presign(key: string, ttlSeconds?: number): string;
  downloads: number;
  close(): Promise<void>;
}

export async function startFakeBucket(now: () => Date): Promise<FakeBucket> {
  const key = randomBytes(16);
  const objects = new Map<string, { content: Buffer; contentType: string }>();
  const sign = (name: string, date: string, expires: string) => createHmac('sha256', key).update(`${name}\n${date}\n${expires}`).digest('hex');
  let downloads = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bucket.local');
    const name = decodeURIComponent(url.pathname.slice(1));
    const date = url.searchParams.get('X-Amz-Date') ?? '';
    const expires = url.searchParams.get('X-Amz-Expires') ?? '';
    const object = objects.get(name);
    const error = (code: string, message: string) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    if (!object || url.searchParams.get('X-Amz-Signature') !== sign(name, date, expires)) return error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (req.headers['x-amz-access-token']) return error('InvalidArgument', 'Only one auth mechanism allowed.');
    if (now().getTime() > Number(date) + Number(expires) * 1000) return error('AccessDenied', 'Request has expired');
    downloads += 1;
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': String(object.content.length) });
    res.end(object.content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    put: (name, content, contentType) => objects.set(name, { content, contentType }),
    presign: (name, ttlSeconds = 300) => {
      const date = String(now().getTime());
      const expires = String(ttlSeconds);
      const query = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': date, 'X-Amz-Expires': expires, 'X-Amz-Signature': sign(name, date, expires) });
      return `${url}/${encodeURIComponent(name)}?${query}`;
    },
    get downloads() {
      return downloads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
