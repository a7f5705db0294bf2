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
  return createRedactor(options)(value);
}

/**
 * `redactSecrets` with its options prepared once, for a caller that redacts
 * at a high rate (every log line, every audit row).
 */
export function createRedactor(options: RedactOptions = {}): (value: unknown) => unknown {
  const paths = pathTree(options.paths ?? []);
  const max = options.maxStringLength ?? Infinity;
  // `below` is the part of the paths tree under this node; undefined once no path can match deeper.
  const walk = (node: unknown, below: PathTree | undefined, depth: number): unknown => {
    if (typeof node === 'string') {
      return node.length > max ? `${node.slice(0, max)}…[truncated, ${node.length} chars]` : node;
    }
    if (node === null || typeof node !== 'object') return node;
    if (depth > 20) return '[too deep]';
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        const path = below?.get(String(i));
        const next = path === true ? REDACTED : walk(item, path, depth + 1);
        if (next !== item) (copy ??= [...node])[i] = next;
      }
      return copy ?? node;
    }
    if (!isPlainObject(node)) return node;
    let copy: Record<string, unknown> | undefined;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const child = node[key];
      const path = below?.get(key);
      const next = path === true || isSecretName(key) ? REDACTED : walk(child, path, depth + 1);
      if (next !== child) (copy ??= { ...node })[key] = next;
    }
    return copy ?? node;
  };
  return (value) => walk(value, paths, 0);
}

/** Dotted paths as a tree of their segments; `true` marks a path's end (everything under it is redacted). */
type PathTree = Map<string, PathTree | true>;

function pathTree(paths: string[]): PathTree | undefined {
  if (!paths.length) return undefined;
  const root: PathTree = new Map();
  for (const path of paths) {
    const segments = path.split('.');
    const last = segments.pop()!;
    let node: PathTree | undefined = root;
    for (const segment of segments) {
      const next: PathTree | true | undefined = node.get(segment);
      // A shorter path already redacts this whole subtree.
      if (next === true) {
        node = undefined;
        break;
      }
      node = next ?? (node.set(segment, new Map()).get(segment) as PathTree);
    }
    node?.set(last, true);
  }
  return root;
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
