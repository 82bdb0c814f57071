import { createServer, request, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createImdsHandler, type Handler } from "../../src/cli/serve/handlers";
import { requestRefusal } from "../../src/cli/serve/requestGuard";
import { createTokenStore } from "../../src/cli/serve/tokenStore";
import { trackFetchTime } from "../../src/cli/fetchTime";

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
  return new Promise<{ status: number; body: string; type: string | undefined }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("token store", () => {
  it("expires tokens by the injected clock and refuses forged or damaged ones", () => {
    let now = 0;
    const store = createTokenStore({ now: () => now });
    const short = store.issue(10);
    const long = store.issue(100);
    expect(short).toMatch(/^[A-Za-z0-9+/]{100}$/);
    expect(store.check(short)).toBe("valid");
    now = 10_000;
    expect(store.check(short)).toBe("invalid");
    expect(store.check(long)).toBe("valid");
    expect(store.check(undefined)).toBe("missing");
    const flipped = `${long.slice(0, 5)}${long[5] === "A" ? "B" : "A"}${long.slice(6)}`; // e.g. a later expiry
    expect(store.check(flipped)).toBe("invalid");
    expect(store.check(`${long}=`)).toBe("invalid");
    expect(createTokenStore({ now: () => now }).check(long)).toBe("invalid"); // another process's key
  });

  it("security: 1000 tokens issued at once all stay valid (nothing to flood or evict)", () => {
    let now = 0;
    const store = createTokenStore({ now: () => now });
    const tokens = Array.from({ length: 1000 }, (_, i) => store.issue(1 + (i % 300)));
    const flood = Array.from({ length: 10_000 }, () => store.issue(21_600));
    expect(new Set([...tokens, ...flood]).size).toBe(11_000);
    expect(tokens.every((t) => store.check(t) === "valid")).toBe(true);
    now = 300_000;
    expect(tokens.filter((t) => store.check(t) === "valid")).toHaveLength(0);
    expect(flood.every((t) => store.check(t) === "valid")).toBe(true);
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

  it("LastUpdated is when the credentials were fetched (not the response time); IMDS's text/plain content type throughout", async () => {
    const tokens = createTokenStore();
    const fetched = new Date("2029-12-31T23:00:00.250Z");
    const url = await serve(
      createImdsHandler({
        getCredentials: async () => ({ ...(await credentials()), lastUpdated: fetched }),
        roleName: "R",
        tokens,
        now: () => new Date("2029-12-31T23:40:00Z"),
      }),
    );
    const auth = { "x-aws-ec2-metadata-token": tokens.issue(60) };
    const token = await call(`${url}/latest/api/token`, "PUT");
    const listing = await call(`${url}/latest/meta-data/iam/security-credentials/`, "GET", auth);
    const document = await call(`${url}/latest/meta-data/iam/security-credentials/R`, "GET", auth);
    const extended = await call(`${url}/latest/meta-data/iam/security-credentials-extended/R`, "GET", auth);
    expect([token.type, listing.type, document.type, extended.type]).toEqual(["text/plain", "text/plain", "text/plain", "text/plain"]);
    expect(JSON.parse(document.body)).toMatchObject({ LastUpdated: "2029-12-31T23:00:00Z", Expiration: "2030-01-01T00:00:00Z" });
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

  it("security: 1000 clients each get a token over HTTP and every one of them is still accepted", async () => {
    const url = await serve(createImdsHandler({ getCredentials: credentials, roleName: "R", tokens: createTokenStore() }));
    const tokens: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => call(`${url}/latest/api/token`, "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": "21600" })),
      );
      tokens.push(...answers.map((a) => a.body));
    }
    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const slice = tokens.slice(batch * 50, batch * 50 + 50);
      const answers = await Promise.all(
        slice.map((token) => call(`${url}/latest/meta-data/iam/security-credentials/`, "GET", { "x-aws-ec2-metadata-token": token })),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
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

describe("fetch time (serve's LastUpdated)", () => {
  it("dates each credentials object with the time of the last successful CreateSession response, and keeps that date", async () => {
    let clock = 1_000;
    let status = 201;
    const timing = trackFetchTime(
      async () => ({ status, headers: {}, text: async () => "" }),
      () => new Date(clock),
    );
    await timing.fetch("https://x/sessions", { method: "POST", headers: {}, body: "" });
    const first = { accessKeyId: "A" };
    clock = 5_000; // served later: still dated by its fetch
    expect(timing.fetchedAt(first).getTime()).toBe(1_000);
    status = 500; // a failed refresh does not move the date
    await timing.fetch("https://x/sessions", { method: "POST", headers: {}, body: "" });
    clock = 9_000;
    expect(timing.fetchedAt(first).getTime()).toBe(1_000);
    status = 201;
    await timing.fetch("https://x/sessions", { method: "POST", headers: {}, body: "" });
    clock = 12_000;
    const second = { accessKeyId: "B" };
    expect(timing.fetchedAt(second).getTime()).toBe(9_000);
    expect(timing.fetchedAt(first).getTime()).toBe(1_000);
  });
});

describe("security: requests serve refuses (DNS rebinding, browsers, proxies)", () => {
  it.each([
    ["127.0.0.1", { host: "127.0.0.1:9911" }, undefined],
    ["127.0.0.1", { host: "localhost:9911" }, undefined],
    ["127.0.0.1", { host: "LOCALHOST." }, undefined],
    ["127.0.0.1", { host: "127.1.2.3" }, undefined],
    ["::1", { host: "[::1]:9911" }, undefined],
    ["192.168.1.5", { host: "192.168.1.5:9911" }, undefined],
    ["0.0.0.0", { host: "10.0.0.7:9911" }, undefined],
    ["::", { host: "[fe80::1]:9911" }, undefined],
    ["127.0.0.1", { host: "attacker.example:9911" }, 403],
    ["127.0.0.1", { host: "attacker.example" }, 403],
    ["127.0.0.1", { host: "localhost.attacker.example" }, 403],
    ["127.0.0.1", { host: "10.0.0.7:9911" }, 403],
    ["0.0.0.0", { host: "rebind.attacker.example:9911" }, 403],
    ["127.0.0.1", {}, 403],
    ["127.0.0.1", { host: "127.0.0.1:9911", origin: "http://attacker.example" }, 403],
    ["127.0.0.1", { host: "127.0.0.1:9911", origin: "null" }, 403],
    ["127.0.0.1", { host: "127.0.0.1:9911", forwarded: "for=10.0.0.1" }, 400],
    ["127.0.0.1", { host: "127.0.0.1:9911", "x-forwarded-for": "10.0.0.1" }, 400],
  ] as const)("bound to %s, headers %j → %s", (bound, headers, status) => {
    expect(requestRefusal(headers, bound)?.status).toBe(status);
  });
});
