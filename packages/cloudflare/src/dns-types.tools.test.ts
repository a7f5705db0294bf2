import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { toolHarness, type ToolHarness } from "@enterprise-mcp/core/testing";
import type { CloudflareClient } from "./client.js";
import { DNS_RECORD_DATA } from "./dns-data.js";
import { createDnsRecord } from "./dns.api.js";
import { cloudflareEcosystem } from "./ecosystem.js";
import { startFake, type CloudflareFake } from "./testing/index.js";
import { DATA_RECORD_TYPES, DNS_RECORD_TYPES } from "./types.js";

let fake: CloudflareFake;
let cf: ToolHarness<CloudflareClient>;
beforeEach(async () => {
  fake = await startFake();
  cf = toolHarness(cloudflareEcosystem, fake);
});
afterEach(() => fake.close());

type Out = {
  record: {
    id: string;
    type: string;
    name: string;
    content: string;
    priority?: number;
    data?: Record<string, unknown>;
  };
};

/** One valid record of every structured type, as a user would give it. */
const SAMPLES: Record<
  (typeof DATA_RECORD_TYPES)[number],
  {
    name: string;
    data: Record<string, unknown>;
    priority?: number;
    content: string;
  }
> = {
  CAA: {
    name: "@",
    data: { flags: 0, tag: "issue", value: "letsencrypt.org" },
    content: '0 issue "letsencrypt.org"',
  },
  CERT: {
    name: "cert",
    data: { type: 1, key_tag: 12345, algorithm: 8, certificate: "MIIB" },
    content: "1 12345 8 MIIB",
  },
  DNSKEY: {
    name: "key",
    data: {
      flags: 257,
      protocol: 3,
      algorithm: 13,
      public_key: "mdsswUyr3DPW",
    },
    content: "257 3 13 mdsswUyr3DPW",
  },
  DS: {
    name: "child",
    data: {
      key_tag: 2371,
      algorithm: 13,
      digest_type: 2,
      digest: "1f987cc6583e92df0890718c42",
    },
    content: "2371 13 2 1f987cc6583e92df0890718c42",
  },
  HTTPS: {
    name: "@",
    data: { priority: 1, target: ".", value: 'alpn="h3,h2"' },
    content: '1 . alpn="h3,h2"',
  },
  LOC: {
    name: "office",
    data: {
      lat_degrees: 51,
      lat_minutes: 30,
      lat_seconds: 12.5,
      lat_direction: "N",
      long_degrees: 0,
      long_minutes: 7,
      long_seconds: 39,
      long_direction: "W",
      altitude: 20,
      size: 1,
      precision_horz: 10000,
      precision_vert: 10,
    },
    content: "51 30 12.5 N 0 7 39 W 20m 1m 10000m 10m",
  },
  NAPTR: {
    name: "sip",
    data: {
      order: 100,
      preference: 10,
      flags: "S",
      service: "SIP+D2U",
      regex: "",
      replacement: "_sip._udp.example.com",
    },
    content: '100 10 "S" "SIP+D2U" "" _sip._udp.example.com',
  },
  SMIMEA: {
    name: "smime",
    data: { usage: 3, selector: 1, matching_type: 1, certificate: "abcdef" },
    content: "3 1 1 abcdef",
  },
  SRV: {
    name: "_sip._tcp",
    data: { priority: 10, weight: 5, port: 5060, target: "sip.example.com" },
    content: "5 5060 sip.example.com",
  },
  SSHFP: {
    name: "host",
    data: { algorithm: 4, type: 2, fingerprint: "123456789abcdef" },
    content: "4 2 123456789abcdef",
  },
  SVCB: {
    name: "_dns",
    data: { priority: 1, target: "dns.example.com", value: 'alpn="dot"' },
    content: '1 dns.example.com alpn="dot"',
  },
  TLSA: {
    name: "_443._tcp",
    data: {
      usage: 3,
      selector: 1,
      matching_type: 1,
      certificate:
        "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
    },
    content:
      "3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
  },
  URI: {
    name: "_ftp._tcp",
    data: { weight: 1, target: "ftp://ftp.example.com/" },
    priority: 10,
    content: '1 "ftp://ftp.example.com/"',
  },
};

describe("DNS record types", () => {
  it("offers every type Cloudflare supports (21), each structured one with its data shape", () => {
    expect(DNS_RECORD_TYPES).toHaveLength(21);
    expect(Object.keys(DNS_RECORD_DATA).sort()).toEqual(
      [...DATA_RECORD_TYPES].sort()
    );
  });

  it.each(DATA_RECORD_TYPES)(
    "creates a %s record from its data, and Cloudflare writes its content",
    async (type) => {
      const sample = SAMPLES[type];
      const outcome = await cf.run("cloudflare_create_dns_record", {
        zone: "example.com",
        type,
        name: sample.name,
        data: sample.data,
        ...(sample.priority !== undefined ? { priority: sample.priority } : {}),
      });
      expect(outcome.result.isError).toBeFalsy();
      const { record } = outcome.result.structuredContent as Out;
      expect(record).toMatchObject({
        type,
        data: sample.data,
        content: sample.content,
      });
      expect(fake.requests.at(-1)!.body).toMatchObject({
        type,
        data: sample.data,
      });
    }
  );

  it("creates an OPENPGPKEY record from content, and SRV and URI records carry a priority", async () => {
    const pgp = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "OPENPGPKEY",
      name: "key",
      content: "mQINBFn",
    });
    expect((pgp.result.structuredContent as Out).record).toMatchObject({
      type: "OPENPGPKEY",
      content: "mQINBFn",
    });
    await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "SRV",
      name: "_sip._tcp",
      data: SAMPLES.SRV.data,
    });
    const srv = await cf.run("cloudflare_list_dns_records", {
      zone: "example.com",
      type: "SRV",
    });
    expect(
      (srv.result.structuredContent as { records: Array<{ priority?: number }> })
        .records[0]!.priority
    ).toBe(10);
    const bind = await cf.run("cloudflare_export_dns_records", { zone: "example.com" });
    expect(bind.result.content[0]!.text).toMatch(
      /_sip\._tcp\.example\.com\.\t1\tIN\tSRV\t10 5 5060 sip\.example\.com/
    );
  });

  it("updates a structured record by replacing its data", async () => {
    const created = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "CAA",
      name: "@",
      data: SAMPLES.CAA.data,
    });
    const id = (created.result.structuredContent as Out).record.id;
    const updated = await cf.run("cloudflare_update_dns_record", {
      zone: "example.com",
      recordId: id,
      type: "CAA",
      data: { flags: 0, tag: "issuewild", value: "pki.goog" },
    });
    expect((updated.result.structuredContent as Out).record.content).toBe(
      '0 issuewild "pki.goog"'
    );
  });

  it("refuses content for a structured type, data for a content type, and data of the wrong shape, naming the fields", async () => {
    const contentForCaa = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "CAA",
      name: "@",
      content: '0 issue "x"',
    });
    expect(contentForCaa.error?.message).toMatch(
      /content: CAA records take data, not content; data: CAA records need data/
    );
    const dataForA = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "A",
      name: "x",
      data: SAMPLES.SRV.data,
    });
    expect(dataForA.error?.message).toMatch(
      /data: A records take content, not data; content: A records need content/
    );
    const badSrv = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "SRV",
      name: "_x._tcp",
      data: { priority: 1, weight: 1, target: "a.example.com" },
    });
    expect(badSrv.error?.message).toMatch(/data\.port: .*\(for a SRV record\)/);
    const noPriority = await cf.run("cloudflare_create_dns_record", {
      zone: "example.com",
      type: "URI",
      name: "_x._tcp",
      data: SAMPLES.URI.data,
    });
    expect(noPriority.error?.message).toMatch(/priority: URI records need a priority/);
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("maps the fake API rejecting data outside the published schema (1004 wrapping 9207) to a validation error", async () => {
    await expect(
      createDnsRecord(cf.client, fake.zone("example.com")!.id, {
        type: "TLSA",
        name: "_443._tcp",
        data: { usage: 3, selector: 1, matching_type: 300, certificate: "ab" },
      })
    ).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining(
        "data.matching_type must be <= 255"
      ),
    });
  });
});
