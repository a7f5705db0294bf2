import { z } from "zod";
import type { AnyTool } from "../tool.js";

/** One problem the MCP Inspector's strict mode (or a strict client) reports about a tool. */
export interface StrictSchemaProblem {
  tool: string;
  /** Where in the tool: `input`, `output` or `annotations`, then a JSON path. */
  at: string;
  problem: string;
}

/**
 * The problems a strict MCP client finds in a tool list, computed on the same
 * draft-7 JSON Schemas the SDK advertises: `type: [X, 'null']` unions (use an
 * optional field or `anyOf`), empty `{}` schemas (say what the value is), input
 * schemas that accept undeclared arguments, and read tools without
 * `idempotentHint`. An empty array means a clean list:
 * `expect(strictSchemaProblems(tools)).toEqual([])`.
 */
export function strictSchemaProblems(
  tools: readonly AnyTool[]
): StrictSchemaProblem[] {
  const problems: StrictSchemaProblem[] = [];
  for (const tool of tools) {
    const report = (at: string, problem: string) =>
      problems.push({ tool: tool.name, at, problem });
    const input = z.toJSONSchema(tool.input, {
      target: "draft-7",
      io: "input",
    }) as JsonSchema;
    if (input.additionalProperties !== false)
      report(
        "input",
        "accepts arguments it does not declare (no additionalProperties: false)"
      );
    walk(input, "input", report);
    if (tool.output)
      walk(
        z.toJSONSchema(tool.output, {
          target: "draft-7",
          io: "output",
        }) as JsonSchema,
        "output",
        report
      );
    if (!tool.title?.trim()) report("annotations", "no title");
    if (
      tool.annotations.readOnlyHint &&
      tool.annotations.idempotentHint !== true
    ) {
      report("annotations", "read-only tool without idempotentHint: true");
    }
  }
  return problems;
}

type JsonSchema = { [key: string]: unknown };

/** Keywords that say what a value is; a schema with none of them (only a description, say) is empty. */
const CONSTRAINING = new Set([
  "type",
  "$ref",
  "anyOf",
  "oneOf",
  "allOf",
  "enum",
  "const",
  "not",
  "properties",
  "items",
  "prefixItems",
  "additionalProperties",
  "patternProperties",
  "if",
]);

const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependencies",
]);
const SCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
const SCHEMA_VALUES = new Set([
  "items",
  "additionalProperties",
  "additionalItems",
  "not",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
]);

function walk(
  schema: unknown,
  at: string,
  report: (at: string, problem: string) => void
): void {
  if (!isObject(schema)) return;
  if (!Object.keys(schema).some((key) => CONSTRAINING.has(key))) {
    report(at, "empty schema {} (accepts anything; say what the value is)");
    return;
  }
  if (Array.isArray(schema.type) && schema.type.includes("null"))
    report(
      at,
      `type ${JSON.stringify(
        schema.type
      )} (make the field optional, or use anyOf)`
    );
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      for (const [name, sub] of Object.entries(value))
        walk(sub, `${at}.${key}.${name}`, report);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      value.forEach((sub, i) => walk(sub, `${at}.${key}[${i}]`, report));
    } else if (key === "items" && Array.isArray(value)) {
      value.forEach((sub, i) => walk(sub, `${at}.items[${i}]`, report));
    } else if (SCHEMA_VALUES.has(key) && isObject(value)) {
      walk(value, `${at}.${key}`, report);
    }
  }
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
