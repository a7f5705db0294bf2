import { createHash } from "node:crypto";
import {
  DNS_ANALYTICS_DIMENSIONS,
  DNS_ANALYTICS_METRICS,
  type DnsAnalyticsReport,
} from "../dns-analytics.api.js";
import type { DnsRecord, Zone } from "../types.js";
import { CloudflareFakeError } from "./envelope.js";

type Event = Record<(typeof DNS_ANALYTICS_DIMENSIONS)[number], string> & {
  queryCount: number;
  uncachedCount: number;
  staleCount: number;
  responseTime: number;
};

const COLOS = ["LHR", "AMS", "IAD"];

/** Stable pseudo-random numbers from a text, so a zone's report is the same on every run. */
function roll(text: string, max: number): number {
  return createHash("md5").update(text).digest().readUInt32BE(0) % max;
}

/** Synthetic query events for a zone: its records are queried from three colos, plus some NXDOMAIN lookups. */
function eventsOf(zone: Zone, records: DnsRecord[]): Event[] {
  const names = [
    ...records.map((r) => [r.name, r.type] as const),
    [`nothing.${zone.name}`, "A"] as const,
  ];
  return names.flatMap(([name, type], i) =>
    COLOS.map((colo) => {
      const key = `${zone.id}/${name}/${type}/${colo}`;
      const queryCount = 10 + roll(key, 990);
      const nx = i === names.length - 1;
      return {
        queryName: name,
        queryType: type,
        responseCode: nx ? "NXDOMAIN" : "NOERROR",
        responseCached: "Cached",
        coloName: colo,
        origin: "",
        dayOfWeek: "1",
        tcp: "0",
        ipVersion: "4",
        querySizeBucket: "32-47",
        responseSizeBucket: "64-79",
        queryCount,
        uncachedCount: Math.floor(queryCount / 10),
        staleCount: 0,
        responseTime: 1 + roll(`${key}/rt`, 20),
      };
    })
  );
}

function list(
  value: string | null,
  allowed: readonly string[],
  what: string
): string[] {
  if (!value) return [];
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item))
      throw new CloudflareFakeError(400, [
        { code: 7400, message: `Unknown ${what} "${item}"` },
      ]);
  }
  return items;
}

function matches(event: Event, filters: string): boolean {
  // "a==x;b!=y" is and, "a==x,a==y" is or; ; binds looser than , in the API docs' examples.
  return filters.split(";").every((clause) =>
    clause.split(",").some((term) => {
      const m = /^([A-Za-z0-9]+)(==|!=)(.*)$/.exec(term.trim());
      if (
        !m ||
        !(DNS_ANALYTICS_DIMENSIONS as readonly string[]).includes(m[1]!)
      ) {
        throw new CloudflareFakeError(400, [
          {
            code: 7400,
            message: `Invalid filter "${term}": expected dimension==value or dimension!=value`,
          },
        ]);
      }
      const actual = event[m[1] as keyof Event];
      return m[2] === "==" ? String(actual) === m[3] : String(actual) !== m[3];
    })
  );
}

function metricOf(events: Event[], metric: string): number {
  if (
    metric === "queryCount" ||
    metric === "uncachedCount" ||
    metric === "staleCount"
  ) {
    return events.reduce((sum, e) => sum + e[metric], 0);
  }
  const times = events.map((e) => e.responseTime).sort((a, b) => a - b);
  if (times.length === 0) return 0;
  if (metric === "responseTimeAvg")
    return (
      Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 100) / 100
    );
  const q =
    metric === "responseTimeMedian"
      ? 0.5
      : metric === "responseTime90th"
      ? 0.9
      : 0.99;
  return times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
}

/** The DNS analytics report for a zone, computed from its records as Cloudflare's endpoint shapes it. */
export function analyticsReport(
  zone: Zone,
  records: DnsRecord[],
  query: URLSearchParams,
  now: Date
): DnsAnalyticsReport {
  const metrics = list(query.get("metrics"), DNS_ANALYTICS_METRICS, "metric");
  if (metrics.length === 0)
    throw new CloudflareFakeError(400, [
      { code: 7400, message: "At least one metric is required" },
    ]);
  const dimensions = list(
    query.get("dimensions"),
    DNS_ANALYTICS_DIMENSIONS,
    "dimension"
  );
  const until = query.get("until") ?? now.toISOString();
  const since =
    query.get("since") ??
    new Date(Date.parse(until) - 6 * 3600_000).toISOString();
  if (
    Number.isNaN(Date.parse(since)) ||
    Number.isNaN(Date.parse(until)) ||
    Date.parse(since) >= Date.parse(until)
  ) {
    throw new CloudflareFakeError(400, [
      { code: 7400, message: "since must be an ISO 8601 time before until" },
    ]);
  }
  const limit = Number.parseInt(query.get("limit") ?? "100", 10);
  const filters = query.get("filters");
  const sort = query.get("sort") ? query.get("sort")!.split(",") : undefined;
  const events = eventsOf(zone, records).filter(
    (e) => !filters || matches(e, filters)
  );

  const groups = new Map<string, Event[]>();
  for (const event of events) {
    const key = JSON.stringify(dimensions.map((d) => event[d as keyof Event]));
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  let data = [...groups.entries()].map(([key, group]) => ({
    dimensions: JSON.parse(key) as string[],
    metrics: metrics.map((m) => metricOf(group, m)),
  }));
  for (const field of [...(sort ?? [])].reverse()) {
    const desc = field.startsWith("-");
    const name = field.replace(/^[-+]/, "");
    const mi = metrics.indexOf(name);
    const di = dimensions.indexOf(name);
    if (mi < 0 && di < 0)
      throw new CloudflareFakeError(400, [
        {
          code: 7400,
          message: `Cannot sort by "${name}": it is not a requested metric or dimension`,
        },
      ]);
    data = [...data].sort((a, b) => {
      const order =
        mi >= 0
          ? a.metrics[mi]! - b.metrics[mi]!
          : a.dimensions[di]!.localeCompare(b.dimensions[di]!);
      return desc ? -order : order;
    });
  }
  return {
    data: dimensions.length ? data.slice(0, limit) : [],
    data_lag: 60,
    max: {},
    min: {},
    totals: Object.fromEntries(metrics.map((m) => [m, metricOf(events, m)])),
    rows: dimensions.length ? data.length : 0,
    query: {
      dimensions,
      metrics,
      limit,
      since,
      until,
      ...(filters ? { filters } : {}),
      ...(sort ? { sort } : {}),
    },
  };
}
