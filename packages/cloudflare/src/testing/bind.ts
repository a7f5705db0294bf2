import type { DnsRecord, Zone } from "../types.js";

/** A zone file in the layout Cloudflare's export endpoint produces. */
export function toBindFile(
  zone: Zone,
  records: DnsRecord[],
  exportedAt: Date
): string {
  const lines = [
    ";;",
    `;; Domain:     ${zone.name}.`,
    `;; Exported:   ${exportedAt.toISOString().replace("T", " ").slice(0, 19)}`,
    ";;",
    ";; This file is intended for use for informational and archival",
    ";; purposes ONLY and MUST be edited before use on a production",
    ";; DNS server.  In particular, you must:",
    ";;   -- update the SOA record with the correct authoritative name server",
    ";;   -- update the SOA record with the contact e-mail address information",
    ";;   -- update the NS record(s) with the authoritative name servers for this domain.",
    ";;",
    "",
    ";; SOA Record",
    `${zone.name}\t3600\tIN\tSOA\t${
      zone.name_servers[0]
    }. dns.cloudflare.com. ${Math.floor(
      exportedAt.getTime() / 1000
    )} 10000 2400 604800 3600`,
    "",
  ];
  const types = [...new Set(records.map((r) => r.type))].sort();
  for (const type of types) {
    lines.push(`;; ${type} Records`);
    for (const record of records.filter((r) => r.type === type))
      lines.push(bindLine(record));
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function bindLine(record: DnsRecord): string {
  const hostname = (value: string) =>
    value.endsWith(".") ? value : `${value}.`;
  const value =
    record.type === "MX"
      ? `${record.priority ?? 0} ${hostname(record.content)}`
      : record.type === "SRV" || record.type === "URI"
      ? `${record.priority ?? 0} ${record.content}`
      : record.type === "CNAME" || record.type === "NS" || record.type === "PTR"
      ? hostname(record.content)
      : record.content;
  const tags = record.proxiable
    ? ` ; cf_tags=cf-proxied:${record.proxied}`
    : "";
  return `${record.name}.\t${record.ttl}\tIN\t${record.type}\t${value}${tags}`;
}
