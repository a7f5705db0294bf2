/** Text that came from callers, made safe to store and to show. */

// C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that reorder a line on screen.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Shows control characters as escapes (a newline as the two characters `\n`):
 * stored strings come from callers, and a raw newline or terminal escape in a
 * tool name would print as a forged row in a table or rewrite the screen.
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A caller-given name as it may be stored and echoed: control characters
 * escaped and at most `max` characters (MCP tool names are 1 to 128), so an
 * unknown name cannot bloat rows or carry a newline into logs and tables.
 */
export function boundedName(name: string, max = 128): string {
  const escaped = escapeControl(name);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}
