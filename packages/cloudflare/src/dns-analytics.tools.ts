import { z } from "zod";
import {
  DNS_ANALYTICS_DIMENSIONS,
  DNS_ANALYTICS_METRICS,
  getDnsAnalyticsReport,
} from "./dns-analytics.api.js";
import { zoneField } from "./schemas.js";
import { cloudflareTool } from "./tool.js";
import { resolveZoneId } from "./zones.api.js";

const isoTime = z.iso.datetime({ offset: true });

export const getDnsAnalyticsTool = cloudflareTool({
  name: "cloudflare_get_dns_analytics",
  title: "Get the DNS analytics report",
  description:
    "Summarises the DNS queries Cloudflare answered for a zone over a period (default: the last 6 hours): query counts, uncached and stale counts, response times, grouped by dimensions such as queryName, queryType, responseCode or coloName. Use it to see which names are queried most, how many lookups fail (NXDOMAIN), or where traffic comes from.",
  input: z.object({
    zone: zoneField,
    metrics: z
      .array(z.enum(DNS_ANALYTICS_METRICS))
      .min(1)
      .optional()
      .describe("Metrics to report; default queryCount."),
    dimensions: z
      .array(z.enum(DNS_ANALYTICS_DIMENSIONS))
      .optional()
      .describe(
        'Dimensions to group rows by, e.g. ["queryName", "queryType"]; none gives totals only.'
      ),
    since: isoTime
      .optional()
      .describe("Start of the period, ISO 8601 (default 6 hours ago)."),
    until: isoTime
      .optional()
      .describe("End of the period, ISO 8601 (default now)."),
    filters: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'Filter as "dimension operator value": == or !=, joined by ; (and) or , (or), e.g. "queryType==AAAA;responseCode==NXDOMAIN".'
      ),
    sort: z
      .array(
        z
          .string()
          .regex(
            /^[-+]?[A-Za-z0-9]+$/,
            "a metric or dimension name, optionally prefixed by - or +"
          )
      )
      .optional()
      .describe(
        'Sort by these metrics or dimensions; prefix "-" for descending, e.g. ["-queryCount"].'
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .optional()
      .describe("Most rows to return, 1 to 10000 (default 100)."),
  }),
  output: z.object({
    zoneId: z.string().describe("The zone id"),
    since: z.string().describe("Start of the period reported"),
    until: z.string().describe("End of the period reported"),
    metrics: z.array(z.string()).describe("The metrics reported"),
    dimensions: z
      .array(z.string())
      .describe("The dimensions rows are grouped by"),
    totals: z
      .record(z.string(), z.number())
      .describe("Each metric over the whole period"),
    rowCount: z.number().describe("Rows matching, before the limit"),
    rows: z
      .array(z.record(z.string(), z.union([z.string(), z.number()])))
      .describe(
        "One row per combination of dimension values, keyed by dimension and metric names"
      ),
    dataLagSeconds: z
      .number()
      .describe("How many seconds of the latest data may still be missing"),
  }),
  annotations: {
    readOnlyHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  handler: async ({ zone, ...query }, ctx) => {
    const zoneId = await resolveZoneId(ctx.client, zone, ctx.signal);
    const report = await getDnsAnalyticsReport(
      ctx.client,
      zoneId,
      { ...query, metrics: query.metrics ?? ["queryCount"] },
      ctx.signal
    );
    const { dimensions, metrics } = report.query;
    return {
      zoneId,
      since: report.query.since,
      until: report.query.until,
      metrics,
      dimensions,
      totals: report.totals,
      rowCount: report.rows,
      rows: report.data.map((row) => ({
        ...Object.fromEntries(
          dimensions.map((name, i) => [name, row.dimensions[i] ?? ""])
        ),
        ...Object.fromEntries(
          metrics.map((name, i) => [name, row.metrics[i] ?? 0])
        ),
      })),
      dataLagSeconds: report.data_lag,
    };
  },
});

export const dnsAnalyticsTools = [getDnsAnalyticsTool];
