import { describe, expect, it } from '@jest/globals';
import { escapeControl, table } from './output.js';

describe('CLI tables', () => {
  it('print a stored newline as \\n, so it cannot start a forged row', () => {
    const forged = 'notes_x\n2026-01-01 00:00:00Z  acme  notes_delete_all  ok';
    const text = table(['TOOL', 'STATUS'], [[forged, 'denied']]);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(text).toContain('notes_x\\n2026-01-01 00:00:00Z  acme  notes_delete_all  ok  denied');
  });

  it('escape terminal escapes, C1 controls, DEL and bidirectional overrides, and leave other text alone', () => {
    expect(escapeControl('a\u001b[2Jb\r\t\u0000\u007f\u009b\u202eZ')).toBe('a\\x1b[2Jb\\r\\t\\x00\\x7f\\x9b\\u202eZ');
    expect(escapeControl('cloudflare_list_* Ünïcode ✓')).toBe('cloudflare_list_* Ünïcode ✓');
    expect(table(['SCOPES'], [[['a\nb', 'c']]])).toContain('a\\nb,c');
  });
});
