import { createServer, request, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createImdsHandler, type Handler } from "../../src/cli/serve/handlers";
import { createTokenStore } from "../../src/cli/serve/tokenStore";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function call(url: string, method: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("token store", () => {
  it("expires tokens by the injected clock and evicts the earliest-expiring beyond the cap", () => {
    let now = 0;
    const store = createTokenStore({ now: () => now, max: 2 });
    const short = store.issue(10);
    const long = store.issue(100);
    expect(short).toMatch(/^[A-Za-z0-9+/]{100}$/);
    expect(store.check(short)).toBe("valid");
    now = 10_000;
    expect(store.check(short)).toBe("invalid");
    expect(store.check(undefined)).toBe("missing");
    const third = store.issue(50);
    const fourth = store.issue(50); // cap 2: evicts `third` (earlier expiry than `long`)
    expect([store.check(long), store.check(third), store.check(fourth)]).toEqual(["valid", "invalid", "valid"]);
    expect(store.size).toBe(2);
  });
});

describe("IMDS handler", () => {
  const credentials = async () => ({
    accessKeyId: "AK",
    secretAccessKey: "SK",
    sessionToken: "ST",
    expiration: new Date("2030-01-01T00:00:00Z"),
  });

  it("refuses token requests the hop limit would not let through (403) and accepts the rest", async () => {
    let allow = false;
    const url = await serve(
      createImdsHandler({ getCredentials: credentials, roleName: "R", tokens: createTokenStore(), allowTokenRequest: () => allow }),
    );
    expect(await call(`${url}/latest/api/token`, "PUT")).toMatchObject({ status: 403, body: expect.stringMatching(/hop limit/) });
    allow = true;
    expect((await call(`${url}/latest/api/token/`, "PUT")).status).toBe(200);
  });

  it("answers 500 without credentials when the provider fails, and reports the error", async () => {
    const errors: unknown[] = [];
    const tokens = createTokenStore();
    const url = await serve(
      createImdsHandler({ getCredentials: () => Promise.reject(new Error("boom")), roleName: "R", tokens, onError: (e) => errors.push(e) }),
    );
    const token = tokens.issue(60);
    const r = await call(`${url}/latest/meta-data/iam/security-credentials/R`, "GET", { "x-aws-ec2-metadata-token": token });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ Code: "Failed", Message: expect.any(String) });
    expect(r.body).not.toContain("AccessKeyId");
    expect(errors).toHaveLength(1);
  });

  it("404 for unknown paths, 405 for wrong methods", async () => {
    const tokens = createTokenStore();
    const url = await serve(createImdsHandler({ getCredentials: credentials, roleName: "R", tokens }));
    expect((await call(`${url}/latest/meta-data/ami-id`, "GET")).status).toBe(404);
    expect(
      (await call(`${url}/latest/meta-data/iam/security-credentials/R`, "POST", { "x-aws-ec2-metadata-token": tokens.issue(60) })).status,
    ).toBe(405);
  });
});
