import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startFake, type CloudflareFake } from "./index.js";
import { CLOUDFLARE_API_SPEC } from "./spec.js";

type Envelope = {
  success: boolean;
  errors: Array<{
    code: number;
    message: string;
    error_chain?: Array<{ code: number; message: string }>;
  }>;
};

describe("the fake checks requests against Cloudflare's published schemas", () => {
  let fake: CloudflareFake;
  let zone: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${fake.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${fake.apiToken}`,
        "content-type": "application/json",
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      body: (await response.json()) as Envelope,
    };
  };

  beforeAll(async () => {
    fake = await startFake();
    zone = fake.zone("example.com")!.id;
  });
  afterAll(() => fake.close());

  it("vendors the subset with its provenance and all 21 record types", () => {
    expect(CLOUDFLARE_API_SPEC).toMatchObject({
      openapi: "3.0.3",
      info: {
        "x-provenance": { repository: "cloudflare/cloudflare-typescript" },
      },
    });
    const schemas = (
      CLOUDFLARE_API_SPEC as {
        components: { schemas: Record<string, unknown> };
      }
    ).components.schemas;
    expect(
      Object.keys(schemas).filter((name) =>
        /^dns-records_[A-Z]+Record$/.test(name)
      )
    ).toHaveLength(21);
  });

  it("answers a DNS record field of the wrong type with 1004 wrapping the cause", async () => {
    const proxied = await call("POST", `/zones/${zone}/dns_records`, {
      type: "A",
      name: "x",
      content: "192.0.2.9",
      proxied: "yes",
    });
    expect(proxied.status).toBe(400);
    expect(proxied.body.errors[0]).toMatchObject({
      code: 1004,
      error_chain: [{ code: 9207, message: "proxied must be boolean" }],
    });
    const caa = await call("POST", `/zones/${zone}/dns_records`, {
      type: "CAA",
      name: "@",
      data: { flags: "0", tag: "issue", value: "x" },
    });
    expect(caa.body.errors[0]!.error_chain).toEqual([
      { code: 9207, message: "data.flags must be number" },
    ]);
    const ttl = await call(
      "PATCH",
      `/zones/${zone}/dns_records/${fake.records("example.com")[0]!.id}`,
      { ttl: "auto" }
    );
    expect(ttl.body.errors[0]!.error_chain).toEqual([
      {
        code: 9021,
        message:
          "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.",
      },
    ]);
    expect(fake.records("example.com")).toHaveLength(5);
  });

  it("answers a purge body outside the schema with 1012 and a setting without value with 1007", async () => {
    const purge = await call("POST", `/zones/${zone}/purge_cache`, {
      tags: "product-42",
    });
    expect(purge).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ code: 1012 })] },
    });
    const setting = await call("PATCH", `/zones/${zone}/settings/ssl`, {
      mode: "strict",
    });
    expect(setting).toMatchObject({
      status: 400,
      body: { errors: [{ code: 1007, message: "value is required" }] },
    });
  });

  it("checks query parameters: zone status, record type, analytics times", async () => {
    expect((await call("GET", "/zones?status=sleeping")).status).toBe(400);
    expect(
      (await call("GET", `/zones/${zone}/dns_records?type=SPF`)).body.errors[0]
    ).toMatchObject({ code: 1004 });
    const since = await call(
      "GET",
      `/zones/${zone}/dns_analytics/report?metrics=queryCount&since=yesterday`
    );
    expect(since).toMatchObject({
      status: 400,
      body: {
        errors: [
          {
            code: 9207,
            message: expect.stringContaining(
              'since must match format "date-time"'
            ),
          },
        ],
      },
    });
    expect(
      (await call("GET", `/zones/${zone}/dns_records?type=CAA&proxied=false`))
        .status
    ).toBe(200);
  });
});
