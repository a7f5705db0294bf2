import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90d`, `12h`, `30m`, `45s`, `2w` in milliseconds, or undefined when it is not one. */
export function parseDurationMs(value: string): number | undefined {
  const match = /^(\d+)\s*([smhdw])$/i.exec(value.trim());
  return match ? Number(match[1]) * UNITS[match[2]!.toLowerCase()]! : undefined;
}

/** For `--expires`: a duration from now, or an ISO date, in the future. */
export function parseExpiry(value: string): Date {
  const ms = parseDurationMs(value);
  const date = ms !== undefined ? new Date(Date.now() + ms) : new Date(value);
  if (Number.isNaN(date.getTime()) || !/\d/.test(value)) {
    throw new InvalidArgumentError('expects a duration such as 90d, 12h or 30m, or a date such as 2027-01-31.');
  }
  if (date.getTime() <= Date.now()) throw new InvalidArgumentError('expects a time in the future.');
  return date;
}

/** For `--since`/`--until`: a duration back from now (`24h`), or an ISO date/time. */
export function parseSince(value: string): Date {
  const ms = parseDurationMs(value);
  const date = ms !== undefined ? new Date(Date.now() - ms) : new Date(value);
  if (Number.isNaN(date.getTime()) || !/\d/.test(value)) {
    throw new InvalidArgumentError('expects a duration back from now such as 24h, 7d or 30m, or a date/time such as 2026-11-25T09:00:00Z.');
  }
  return date;
}

/** For repeatable, comma-separated list options (`--tools 'cloudflare_*,ghl_get_*'`). */
export function collectList(value: string, previous: string[] = []): string[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  if (!items.length) throw new InvalidArgumentError('expects one or more comma-separated values.');
  return [...previous, ...items];
}

export function parsePositiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expects a whole number from 1 to ${max}.`);
    return n;
  };
}

export function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T)) throw new InvalidArgumentError(`expects one of: ${choices.join(', ')}.`);
    return value as T;
  };
}
