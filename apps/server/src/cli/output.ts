/** Output helpers shared by the data commands: readable tables by default, JSON with `--json`. */

import { escapeControl } from '../text.js';

export { escapeControl };

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

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
