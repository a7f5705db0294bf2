import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ghlEcosystem } from './ecosystem.js';

/**
 * What strict MCP clients (the MCP Inspector's strict mode among them) accept: no
 * `type: [X, "null"]` (optional fields instead, or anyOf), no empty `{}` schemas (every value has
 * a type), and read-only tools that say they are idempotent.
 */
function problemsOf(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => problemsOf(s, `${path}/${i}`));
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (Array.isArray(node.type)) problems.push(`${path}: type ${JSON.stringify(node.type)}`);
  const keys = Object.keys(node).filter((k) => k !== 'description' && k !== 'title' && k !== 'default');
  if (keys.length === 0) problems.push(`${path}: empty schema`);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) problems.push(...problemsOf(child, `${path}/properties/${name}`));
    } else if (['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties', 'not'].includes(key) && typeof value === 'object') {
      problems.push(...problemsOf(value, `${path}/${key}`));
    }
  }
  return problems;
}

describe('GoHighLevel tool schemas for strict clients', () => {
  const tools = ghlEcosystem.tools;

  it.each(tools.map((t) => [t.name, t] as const))('%s: no nullable type arrays, no empty schemas', (_name, tool) => {
    const input = z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' });
    const output = tool.output ? z.toJSONSchema(tool.output, { target: 'draft-7', io: 'output' }) : {};
    expect([...problemsOf(input, 'input'), ...(tool.output ? problemsOf(output, 'output') : [])]).toEqual([]);
  });

  it('marks every read-only tool idempotent, and every tool open-world with a title', () => {
    for (const tool of tools) {
      expect({ name: tool.name, openWorld: tool.annotations?.openWorldHint, title: Boolean(tool.title) }).toEqual({
        name: tool.name,
        openWorld: true,
        title: true,
      });
      if (tool.annotations?.readOnlyHint) expect({ name: tool.name, idempotent: tool.annotations.idempotentHint }).toEqual({ name: tool.name, idempotent: true });
    }
  });

  it('has 35 tools named ghl_<verb>_<noun>', () => {
    expect(tools).toHaveLength(35);
    for (const tool of tools) expect(tool.name).toMatch(/^ghl_[a-z]+_[a-z_]+$/);
  });
});
