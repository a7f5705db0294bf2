import { readFileSync } from "node:fs";
import {
  createOpenApiValidator,
  type FakeRequest,
  type FakeResponse,
  type RequestProblem,
} from "@enterprise-mcp/core/testing";
import type { CloudflareMessage } from "../types.js";
import { fail } from "./envelope.js";

/**
 * Cloudflare's published description of the operations the fake serves (a hand-written subset;
 * provenance in its `info`). It ships beside this file in the package.
 */
export const CLOUDFLARE_API_SPEC = JSON.parse(
  readFileSync(new URL("./spec/api-v4.subset.json", import.meta.url), "utf8")
) as Record<string, unknown>;

const validator = createOpenApiValidator(CLOUDFLARE_API_SPEC);

/**
 * Checks a request against the published operation before the route's own rules run, and answers
 * as Cloudflare does for a body or query it cannot accept: DNS records with 1004 "DNS Validation
 * Error" wrapping the causes, purges with 1012, zone settings with 1007, anything else 9207.
 */
export function specProblem(request: FakeRequest): FakeResponse | undefined {
  const operation = { method: request.method, path: request.path };
  if (!validator.has(operation)) return undefined;
  // An if/then branch that fails also reports 'must match "then" schema'; its own errors say what.
  const problems = validator
    .validate(operation, { body: request.body, query: request.query })
    .filter((p) => !/must match "(then|else)" schema/.test(p.message));
  if (problems.length === 0) return undefined;
  const causes: CloudflareMessage[] = problems.map(
    (p) => DNS_FIELD_ERRORS[p.path] ?? { code: 9207, message: describe(p) }
  );
  if (/\/dns_records(\/|$)/.test(request.path))
    return fail(400, [
      { code: 1004, message: "DNS Validation Error", error_chain: causes },
    ]);
  if (/\/purge_cache$/.test(request.path))
    return fail(
      400,
      causes.map((c) => ({ ...c, code: 1012 }))
    );
  if (/\/settings\//.test(request.path))
    return fail(
      400,
      causes.map((c) => ({ ...c, code: 1007 }))
    );
  return fail(400, causes);
}

/** The codes and words Cloudflare answers with for these DNS record fields, whatever is wrong with them. */
const DNS_FIELD_ERRORS: Record<string, CloudflareMessage> = {
  ttl: {
    code: 9021,
    message:
      "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.",
  },
  type: { code: 9101, message: "Unsupported or invalid DNS record type." },
  name: { code: 9000, message: "DNS name is invalid." },
  priority: {
    code: 9100,
    message: "Priority must be a number between 0 and 65535.",
  },
};

function describe(problem: RequestProblem): string {
  const where =
    problem.path || (problem.in === "body" ? "request body" : "query");
  const what =
    problem.kind === "missing_required" ? "is required" : problem.message;
  return `${problem.in === "query" ? "query parameter " : ""}${where} ${what}`;
}
