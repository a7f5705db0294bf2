import { queryError } from './faults.js';

/**
 * The fake's reading of the QuickBooks query language: `SELECT * | COUNT(*) FROM <Entity> [WHERE p
 * op v [AND …]] [ORDERBY p [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]`. What QuickBooks refuses
 * (OR, GROUP BY, JOIN, field lists, unknown or wrongly cased entities) is a 4000 QueryParserError.
 */
export interface ParsedQuery {
  entity: string;
  count: boolean;
  where: Array<{ field: string; op: string; values: Array<string | number | boolean> }>;
  orderBy: Array<{ field: string; descending: boolean }>;
  startPosition: number;
  maxResults: number;
}

export const QUERY_PAGE_CAP = 1000;
/** QuickBooks' page when MAXRESULTS is left out (docs say 100; unconfirmed against production). */
export const DEFAULT_PAGE = 100;

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; value?: string | number };

export function parseQuery(statement: string, entities: readonly string[]): ParsedQuery {
  const tokens = tokenize(statement);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const keyword = (word: string) => peek()?.kind === 'word' && peek()!.text.toUpperCase() === word;
  const expect = (word: string) => {
    if (!keyword(word)) throw queryError(`Encountered "${peek()?.text ?? '<EOF>'}" where ${word} was expected`);
    next();
  };

  expect('SELECT');
  let count = false;
  if (peek()?.text === '*') next();
  else if (keyword('COUNT')) {
    next();
    if (next()?.text !== '(' || next()?.text !== '*' || next()?.text !== ')') throw queryError('COUNT takes (*)');
    count = true;
  } else throw queryError(`Encountered "${peek()?.text ?? '<EOF>'}": QuickBooks queries select * (every field); field lists are not supported`);
  expect('FROM');
  const entity = next();
  if (entity?.kind !== 'word' || !entities.includes(entity.text)) throw queryError(`Invalid context declaration : ${entity?.text ?? '<EOF>'}`);
  if (peek()?.text === ',' || keyword('JOIN')) throw queryError('one entity per query: joins are not supported');

  const where: ParsedQuery['where'] = [];
  if (keyword('WHERE')) {
    next();
    for (;;) {
      where.push(condition());
      if (keyword('OR')) throw queryError(`Encountered " <OR> "OR "" : OR is not supported, only AND`);
      if (!keyword('AND')) break;
      next();
    }
  }
  if (keyword('GROUP')) throw queryError('Encountered " "GROUP "": GROUP BY is not supported');
  const orderBy: ParsedQuery['orderBy'] = [];
  if (keyword('ORDERBY') || keyword('ORDER')) {
    if (next()!.text.toUpperCase() === 'ORDER') expect('BY');
    do {
      if (peek()?.text === ',') next();
      const field = next();
      if (field?.kind !== 'word') throw queryError('ORDERBY needs a field');
      const direction = keyword('DESC') || keyword('ASC') ? next()!.text.toUpperCase() : 'ASC';
      orderBy.push({ field: field.text, descending: direction === 'DESC' });
    } while (peek()?.text === ',');
  }
  let startPosition = 1;
  let maxResults = DEFAULT_PAGE;
  while (peek()) {
    const word = next()!.text.toUpperCase();
    const number = next();
    if ((word !== 'STARTPOSITION' && word !== 'MAXRESULTS') || number?.kind !== 'number') throw queryError(`Encountered "${word}"`);
    if (word === 'STARTPOSITION') startPosition = Math.max(1, Number(number.value));
    else maxResults = Math.min(QUERY_PAGE_CAP, Math.max(1, Number(number.value)));
  }
  return { entity: entity.text, count, where, orderBy, startPosition, maxResults };

  function condition() {
    const field = next();
    if (field?.kind !== 'word') throw queryError(`Encountered "${field?.text ?? '<EOF>'}" where a field was expected`);
    const op = next();
    if (op?.kind === 'word' && op.text.toUpperCase() === 'IN') {
      if (next()?.text !== '(') throw queryError('IN takes a list in parentheses');
      const values: Array<string | number | boolean> = [];
      while (peek() && peek()!.text !== ')') {
        const token = next()!;
        if (token.text === ',') continue;
        values.push(literalOf(token));
      }
      next();
      return { field: field.text, op: 'IN', values };
    }
    const operator = op?.kind === 'op' ? op.text : op?.kind === 'word' && op.text.toUpperCase() === 'LIKE' ? 'LIKE' : undefined;
    if (!operator) throw queryError(`Encountered "${op?.text ?? '<EOF>'}": operators are = < > <= >= IN LIKE`);
    return { field: field.text, op: operator, values: [literalOf(next())] };
  }
}

function literalOf(token: Token | undefined): string | number | boolean {
  if (!token) throw queryError('a value was expected');
  if (token.kind === 'string' || token.kind === 'number') return token.value!;
  if (token.kind === 'word' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
  throw queryError(`Encountered "${token.text}" where a value was expected`);
}

function tokenize(statement: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < statement.length) {
    const char = statement[i]!;
    if (/\s/.test(char)) i++;
    else if (char === "'") {
      let value = '';
      i++;
      while (i < statement.length && statement[i] !== "'") {
        if (statement[i] === '\\' && i + 1 < statement.length) i++;
        value += statement[i++];
      }
      if (i >= statement.length) throw queryError('unterminated string literal');
      i++;
      tokens.push({ kind: 'string', text: `'${value}'`, value });
    } else if (/[<>=]/.test(char)) {
      const op = /^(<=|>=|=|<|>)/.exec(statement.slice(i))![1]!;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (/[(),*]/.test(char)) tokens.push({ kind: 'punct', text: statement[i++]! });
    else if (/[-\d]/.test(char) && /^-?\d/.test(statement.slice(i))) {
      const number = /^-?\d+(\.\d+)?/.exec(statement.slice(i))![0];
      tokens.push({ kind: 'number', text: number, value: Number(number) });
      i += number.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][\w.]*/.exec(statement.slice(i))![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    } else throw queryError(`Lexical error: Encountered "${char}"`);
  }
  return tokens;
}

/** A field's value for comparison: references compare by their `value` (CustomerRef = '42'). */
export function fieldValue(entity: Record<string, unknown>, path: string): unknown {
  let current: unknown = entity;
  for (const part of path.split('.')) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  if (current && typeof current === 'object' && 'value' in current) return (current as { value: unknown }).value;
  return current;
}

export function matches(entity: Record<string, unknown>, condition: ParsedQuery['where'][number]): boolean {
  const actual = fieldValue(entity, condition.field);
  if (actual === undefined) return false;
  if (condition.op === 'IN') return condition.values.some((value) => compare(actual, value) === 0);
  const [expected] = condition.values;
  if (condition.op === 'LIKE') {
    const pattern = new RegExp(`^${String(expected).split('%').map(escapeRegExp).join('.*')}$`, 'i');
    return pattern.test(String(actual));
  }
  const order = compare(actual, expected!);
  return { '=': order === 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[condition.op] ?? false;
}

/** Numbers compare as numbers (amounts are quoted in QuickBooks queries), the rest as text, case-insensitively. */
export function compare(a: unknown, b: unknown): number {
  const x = Number(a);
  const y = Number(b);
  if (typeof a !== 'boolean' && typeof b !== 'boolean' && a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
