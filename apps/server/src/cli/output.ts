/** Output helpers shared by the data commands: readable tables by default, JSON with `--json`. */

export type Cell = string | number | boolean | Date | null | undefined | string[];

export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map(cellText));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n') + '\n';
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  if (cell instanceof Date) return cell.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  if (Array.isArray(cell)) return cell.length ? cell.map(escapeControl).join(',') : '-';
  return escapeControl(String(cell));
}

// C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that reorder a line on screen.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Shows control characters as escapes (a newline as the two characters `\n`):
 * stored strings come from callers, and a raw newline or terminal escape in a
 * tool name would print as a forged row or rewrite the screen.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
