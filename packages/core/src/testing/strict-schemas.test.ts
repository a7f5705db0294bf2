import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { strictSchemaProblems } from './strict-schemas.js';

const base = {
  title: 'Demo',
  description: 'A tool for tests.',
  handler: async () => ({}),
};

describe('strictSchemaProblems', () => {
  it('finds nullable type arrays, empty schemas and read tools without idempotentHint', () => {
    const sloppy = defineTool({
      ...base,
      name: 'demo_get_thing',
      input: z.object({ id: z.string().describe('id') }),
      output: z.object({ when: z.string().nullable(), meta: z.record(z.string(), z.unknown()), any: z.unknown().describe('anything') }),
      annotations: { readOnlyHint: true },
      handler: async () => ({ when: null, meta: {}, any: 1 }),
    });
    expect(strictSchemaProblems([sloppy])).toEqual([
      { tool: 'demo_get_thing', at: 'output.properties.when', problem: expect.stringContaining('type ["string","null"]') },
      { tool: 'demo_get_thing', at: 'output.properties.meta.additionalProperties', problem: expect.stringContaining('empty schema') },
      { tool: 'demo_get_thing', at: 'output.properties.any', problem: expect.stringContaining('empty schema') },
      { tool: 'demo_get_thing', at: 'annotations', problem: 'read-only tool without idempotentHint: true' },
    ]);
  });

  it('flags an input schema that is not closed (a tool built without defineTool)', () => {
    const open = { ...base, name: 'demo_list_things', input: z.object({}), annotations: { readOnlyHint: false } };
    expect(strictSchemaProblems([open])).toEqual([
      { tool: 'demo_list_things', at: 'input', problem: expect.stringContaining('additionalProperties') },
    ]);
  });

  it('passes a clean tool', () => {
    const clean = defineTool({
      ...base,
      name: 'demo_get_clean',
      input: z.object({ id: z.string().describe('id'), at: z.string().optional().describe('when') }),
      output: z.object({ when: z.string().optional(), tags: z.record(z.string(), z.string()), v: z.union([z.string(), z.number()]) }),
      annotations: { readOnlyHint: true, idempotentHint: true },
      handler: async () => ({ tags: {}, v: 1 }),
    });
    expect(strictSchemaProblems([clean])).toEqual([]);
  });
});
