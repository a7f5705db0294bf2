/**
 * Secret redaction shared by HTTP logging and the audit trail: anything whose
 * name looks like a credential is replaced before it leaves the process.
 */

export const REDACTED = '[REDACTED]';

const SECRET_NAME =
  /(pass(word|wd|phrase)?|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|authorization|^auth$|credential|cookie|signature|client[-_]?secret|refresh|bearer|sso[-_]?key|^key$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export interface RedactOptions {
  /** Extra dotted paths to redact (`config.webhook`), beyond names that look secret. */
  paths?: string[];
  /** Strings longer than this are cut, with their original length noted. */
  maxStringLength?: number;
}

/**
 * `value` with secret-looking names (and `paths`) redacted and long strings
 * cut. Copy on write: what needs no change is returned as it is, so a log
 * line with nothing to hide costs no allocation. Only plain objects and
 * arrays are entered (an Error, a Date or a Buffer passes unchanged).
 */
export function redactSecrets(value: unknown, options: RedactOptions = {}): unknown {
  const paths = options.paths?.length ? new Set(options.paths) : undefined;
  const max = options.maxStringLength ?? Infinity;
  const walk = (node: unknown, path: string, depth: number): unknown => {
    if (typeof node === 'string') {
      return node.length > max ? `${node.slice(0, max)}…[truncated, ${node.length} chars]` : node;
    }
    if (node === null || typeof node !== 'object') return node;
    if (depth > 20) return '[too deep]';
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      node.forEach((item: unknown, i) => {
        const next = walk(item, paths ? join(path, String(i)) : '', depth + 1);
        if (next !== item) (copy ??= [...node])[i] = next;
      });
      return copy ?? node;
    }
    if (!isPlainObject(node)) return node;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(node)) {
      const child = node[key];
      const childPath = paths ? join(path, key) : '';
      const next = isSecretName(key) || paths?.has(childPath) ? REDACTED : walk(child, childPath, depth + 1);
      if (next !== child) (copy ??= { ...node })[key] = next;
    }
    return copy ?? node;
  };
  return walk(value, '', 0);
}

function isPlainObject(node: object): node is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(node) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string | URL): string {
  const parsed = new URL(url.toString());
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSecretName(key)) parsed.searchParams.set(key, REDACTED);
  }
  if (parsed.password) parsed.password = REDACTED;
  return parsed.toString();
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
