import { randomBytes } from 'node:crypto';
import type { FakeResponse } from '@enterprise-mcp/core/testing';

/** GoHighLevel's error bodies: `statusCode` and `message` (an array of strings on 422). */
export function ghlError(status: number, message: string, extra: Record<string, unknown> = {}): FakeResponse {
  const error = ERROR_NAMES[status];
  return { status, body: { statusCode: status, message, ...(error ? { error } : {}), ...extra } };
}

export function unprocessable(messages: string[]): FakeResponse {
  return { status: 422, body: { statusCode: 422, message: messages, error: 'Unprocessable Entity' } };
}

export function ok(body: unknown, status = 200): FakeResponse {
  return { status, body };
}

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character id like the ones GoHighLevel issues. */
export function ghlId(): string {
  return [...randomBytes(20)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

export function isEmail(value: unknown): boolean {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export function isPhone(value: unknown): boolean {
  return typeof value === 'string' && /^\+?[0-9][0-9 ().-]{6,}$/.test(value);
}

/** Digits only, so `+1 (555) 010-2000` and `+15550102000` compare equal. */
export function phoneDigits(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\D/g, '') : '';
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
