import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The S3 bucket report documents are downloaded from: its own origin, as at
 * Amazon, serving bytes (gzip) at presigned URLs that expire after 5 minutes
 * and are refused, with S3's XML error, when the signature does not match.
 * `X-Amz-Date` is SigV4's basic ISO 8601 form (`20261202T030000Z`).
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
    const error = (code: string, message: string, status = 403) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    if (url.searchParams.get('X-Amz-Signature') !== sign(name, date, expires)) return error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (req.headers['x-amz-access-token']) return error('InvalidArgument', 'Only one auth mechanism allowed.', 400);
    if (!(now().getTime() <= sigV4Time(date) + Number(expires) * 1000)) return error('AccessDenied', 'Request has expired');
    if (!object) return error('NoSuchKey', 'The specified key does not exist.', 404);
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
      const date = now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
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

/** Milliseconds of a SigV4 `X-Amz-Date` (`20261202T030000Z`); NaN, so expired, when malformed. */
function sigV4Time(date: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])) : Number.NaN;
}
