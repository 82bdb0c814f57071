import { writeFile } from "node:fs/promises";
import { type ServerResponse, createServer, request } from "node:http";
import { type Socket, connect } from "node:net";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isolateSdkEnv } from "../support/sdkEnv";
import { closeServer, listen } from "../support/stubServers";
import {
  type StubServer,
  ACCOUNT,
  ROLE_ARN,
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  hasNoSecrets,
  runCli,
  sessionArgs,
  sessionBody,
  startCli,
  startCreateSessionStub,
  startStsStub,
  useIdentityAndStub,
} from "../support/cli";

const fixture = useIdentityAndStub();
let sts: StubServer;

beforeAll(async () => {
  sts = await startStsStub();
});
afterAll(async () => {
  await sts.close();
});

function http(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function callerIdentityVia(env: Record<string, string>): Promise<string | undefined> {
  const restore = isolateSdkEnv(env);
  try {
    const client = new STSClient({ region: "us-east-1", endpoint: sts.url });
    try {
      return (await client.send(new GetCallerIdentityCommand({}))).Arn;
    } finally {
      client.destroy();
    }
  } finally {
    restore();
  }
}

describe("serve (IMDSv2)", () => {
  it("an SDK v3 client with the default chain and AWS_EC2_METADATA_SERVICE_ENDPOINT gets credentials", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0"]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const arn = await callerIdentityVia({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url });
      expect(arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Lab-IAM-Anywhere-All/0a1b`);
    } finally {
      const r = await server.stop();
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${server.url}\n`); // the URL alone, for scripts
      expect(r.stderr).toMatch(/^Serving IMDSv2 credentials for role Lab-IAM-Anywhere-All at http:\/\/127\.0\.0\.1:\d+\/ /);
      expect(hasNoSecrets(r.stdout + r.stderr)).toBe(true);
    }
  });

  it("implements the token flow and refuses missing, unknown and forwarded tokens", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--hop-limit", "1"]);
    const base = server.url.replace(/\/$/, "");
    try {
      const list = `${base}/latest/meta-data/iam/security-credentials/`;
      expect((await http(list, "GET")).status).toBe(401);
      expect((await http(list, "GET")).body).toBe("no token provided");
      expect((await http(list, "GET", { "x-aws-ec2-metadata-token": "x".repeat(100) })).body).toBe("invalid token provided");
      expect((await http(`${base}/latest/api/token`, "GET")).status).toBe(405);
      expect((await http(`${base}/latest/api/token`, "PUT", { "x-forwarded-for": "10.0.0.1" })).status).toBe(400);
      expect((await http(`${base}/latest/api/token`, "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": "0" })).status).toBe(400);
      expect((await http(`${base}/latest/api/token`, "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": "21601" })).status).toBe(400);

      const token = await http(`${base}/latest/api/token`, "PUT", { "x-aws-ec2-metadata-token-ttl-seconds": "60" });
      expect(token.status).toBe(200);
      expect(token.body).toHaveLength(100);
      expect(token.headers["x-aws-ec2-metadata-token-ttl-seconds"]).toBe("60");
      const auth = { "x-aws-ec2-metadata-token": token.body };
      const role = await http(list, "GET", auth);
      expect(role).toMatchObject({ status: 200, body: "Lab-IAM-Anywhere-All" });
      const creds = await http(`${list}Lab-IAM-Anywhere-All`, "GET", auth);
      expect(creds.status).toBe(200);
      expect(creds.headers["content-type"]).toBe("text/plain"); // as IMDS answers
      const json = JSON.parse(creds.body);
      // LastUpdated: when serve fetched the credentials (at start), the same on every answer.
      expect(new Date(json.LastUpdated).getTime()).toBeLessThanOrEqual(Date.now());
      const again = JSON.parse((await http(`${list}Lab-IAM-Anywhere-All`, "GET", auth)).body);
      expect(again.LastUpdated).toBe(json.LastUpdated);
      expect(Object.keys(json)).toEqual(["AccessKeyId", "SecretAccessKey", "Token", "Code", "Type", "Expiration", "LastUpdated"]);
      expect(json).toMatchObject({ SecretAccessKey: SECRET_ACCESS_KEY, Token: SESSION_TOKEN, Code: "Success", Type: "AWS-HMAC" });
      expect(json.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect((await http(`${list}OtherRole`, "GET", auth)).status).toBe(404);
      const extended = JSON.parse(
        (await http(`${base}/latest/meta-data/iam/security-credentials-extended/Lab-IAM-Anywhere-All`, "GET", auth)).body,
      );
      expect(extended.AccountId).toBe(ACCOUNT);
    } finally {
      await server.stop();
    }
  });

  it("security: refuses a rebound Host (403), an Origin (403) and Forwarded (400) on every path, with no token or credentials", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0"]);
    const base = server.url.replace(/\/$/, "");
    const port = new URL(server.url).port;
    try {
      const token = (await http(`${base}/latest/api/token`, "PUT")).body;
      const creds = `${base}/latest/meta-data/iam/security-credentials/Lab-IAM-Anywhere-All`;
      for (const [headers, status] of [
        [{ host: `attacker.example:${port}` }, 403],
        [{ origin: "http://attacker.example" }, 403],
        [{ forwarded: "for=192.0.2.60;proto=http" }, 400],
      ] as const) {
        const put = await http(`${base}/latest/api/token`, "PUT", headers);
        const get = await http(creds, "GET", { ...headers, "x-aws-ec2-metadata-token": token });
        expect([put.status, get.status]).toEqual([status, status]);
        expect(put.body + get.body).not.toMatch(/AccessKeyId|SecretAccessKey/);
        expect(put.body).not.toHaveLength(100);
      }
      expect((await http(creds, "GET", { host: `localhost:${port}`, "x-aws-ec2-metadata-token": token })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("security: refuses --listen on a non-loopback address without --ecs or --allow-non-loopback (exit 2, nothing served)", async () => {
    for (const address of ["0.0.0.0", "::", "192.0.2.1"]) {
      // Should a regression listen after all, stop it at once.
      const controller = new AbortController();
      const r = await runCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--listen", address], {
        signal: controller.signal,
        onListening: () => controller.abort(),
      });
      expect([address, r.code, r.stdout]).toEqual([address, 2, ""]);
      expect(r.stderr).toMatch(
        /is not a loopback address: every host that can reach it would get these credentials.*--ecs.*--allow-non-loopback/,
      );
    }
  });

  it("security: with --allow-non-loopback (or --ecs) it warns loudly on stderr before listening", async () => {
    // 192.0.2.1 (TEST-NET-1) is on no host: the warning comes first, then listening fails, so
    // nothing is ever exposed by this test.
    const allowed = await runCli([
      "serve",
      ...sessionArgs(fixture.ids, fixture.stub.url),
      "--port",
      "0",
      "--listen",
      "192.0.2.1",
      "--allow-non-loopback",
    ]);
    expect(allowed.stderr).toMatch(
      /^roles-anywhere serve: WARNING: listening on 192\.0\.2\.1, not on a loopback address: ANY HOST that can reach it gets these credentials/,
    );
    expect(allowed.stderr).toMatch(/not on this host/);
    const ecs = await runCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--listen", "192.0.2.1", "--ecs"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: "ecs-auth-token-0123456789abcdef" },
    });
    expect(ecs.stderr).toMatch(
      /WARNING: listening on 192\.0\.2\.1, not on a loopback address: any host that can reach it and holds the authorization token/,
    );
  });

  it("security: closes connections beyond 256 at once", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0"]);
    const { port } = new URL(server.url);
    const sockets: Socket[] = [];
    const open = () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => resolve(socket));
        socket.on("error", () => undefined);
        socket.once("error", reject);
        sockets.push(socket);
      });
    try {
      for (let i = 0; i < 256; i++) await open();
      const extra = await open();
      const answer = await new Promise<string>((resolve) => {
        let data = "";
        extra.on("data", (chunk: Buffer) => (data += chunk.toString()));
        extra.on("close", () => resolve(data));
        extra.write(`PUT /latest/api/token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      });
      expect(answer).toBe("");
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.stop();
    }
  });

  it("listens on IPv6 with --listen ::1", async () => {
    let server;
    try {
      server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--listen", "::1"]);
    } catch (error) {
      // A host without IPv6 loopback reports EADDRNOTAVAIL; that is the only acceptable failure.
      expect(String(error)).toMatch(/not on this host/);
      return;
    }
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const token = await http(`${server.url}latest/api/token`, "PUT");
      expect(token.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("keeps serving still-valid credentials when a refresh fails, and fetches once at start", async () => {
    // First CreateSession: credentials inside the 5-minute refresh window; every later one fails.
    const flaky = await startCreateSessionStub((_req, count) =>
      count === 1
        ? { status: 201, body: sessionBody({ accessKeyId: "ASIASTUBFIRST0000001", seconds: 240 }) }
        : {
            status: 500,
            body: JSON.stringify({ message: "internal failure" }),
            headers: { "X-Amzn-ErrorType": "InternalServerException" },
          },
    );
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, flaky.url), "--port", "0"]);
    try {
      expect(flaky.requests.length).toBe(1);
      const base = server.url.replace(/\/$/, "");
      const token = (await http(`${base}/latest/api/token`, "PUT")).body;
      const creds = await http(`${base}/latest/meta-data/iam/security-credentials/Lab-IAM-Anywhere-All`, "GET", {
        "x-aws-ec2-metadata-token": token,
      });
      expect(creds.status).toBe(200);
      expect(JSON.parse(creds.body).AccessKeyId).toBe("ASIASTUBFIRST0000001");
    } finally {
      const r = await server.stop();
      await flaky.close();
      expect(hasNoSecrets(r.stderr)).toBe(true);
    }
  });

  it("refreshes at its drawn refresh point by itself, without a client asking", async () => {
    // 16-minute credentials: the refresh point is drawn between 8 and 5 minutes before expiry.
    const stub = await startCreateSessionStub((_req, count) => ({
      status: 201,
      body: sessionBody({ accessKeyId: `ASIASTUBTIMER${String(count).padStart(7, "0")}`, seconds: 960 }),
    }));
    const realSetTimeout = globalThis.setTimeout;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const server = await startCli(["serve", ...sessionArgs(fixture.ids, stub.url), "--port", "0"]);
      try {
        expect(stub.requests).toHaveLength(1);
        vi.advanceTimersByTime(7.9 * 60_000);
        await new Promise((resolve) => setImmediate(resolve));
        expect(stub.requests).toHaveLength(1);
        expect(vi.getTimerCount()).toBe(1); // the refresh timer, due within 8 to 11 minutes of the start
        vi.advanceTimersToNextTimer(); // fires it alone (not the refresh's own timeouts)
        // Wait in real time (vi.waitFor would advance the fake clock into the request's own timeouts).
        for (let i = 0; i < 500 && stub.requests.length < 2; i++) await new Promise((resolve) => realSetTimeout(resolve, 10));
        expect(stub.requests).toHaveLength(2);
      } finally {
        await server.stop();
      }
    } finally {
      vi.useRealTimers();
      await stub.close();
    }
  });

  it("security: never makes a client wait for a hung refresh while the cached credentials are valid", async () => {
    // First CreateSession: credentials with 50 s left (inside the last minute, where callers of the
    // library's provider wait for the refresh); every later CreateSession hangs without an answer.
    let answered = 0;
    const hung: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      if (answered++ === 0) {
        res.writeHead(201, { "Content-Type": "application/json" });
        res.end(sessionBody({ accessKeyId: "ASIASTUBFIRST0000001", seconds: 50 }));
      } else hung.push(res);
    });
    const url = await listen(server);
    const serve = await startCli(["serve", ...sessionArgs(fixture.ids, url), "--port", "0"]);
    try {
      const base = serve.url.replace(/\/$/, "");
      const token = (await http(`${base}/latest/api/token`, "PUT")).body;
      for (let i = 0; i < 3; i++) {
        const creds = await http(`${base}/latest/meta-data/iam/security-credentials/Lab-IAM-Anywhere-All`, "GET", {
          "x-aws-ec2-metadata-token": token,
        });
        expect(creds.status).toBe(200);
        expect(JSON.parse(creds.body).AccessKeyId).toBe("ASIASTUBFIRST0000001");
        // Answered while the one refresh request is still hanging: no retry had to time out first.
        expect(answered).toBeLessThanOrEqual(2);
      }
    } finally {
      await serve.stop();
      await closeServer(server);
    }
  });

  it("exits 1 without printing anything on stdout when the first CreateSession fails", async () => {
    const denied = await startCreateSessionStub(() => ({
      status: 403,
      body: JSON.stringify({ message: "Untrusted Signing Certificate" }),
      headers: { "X-Amzn-ErrorType": "AccessDeniedException" },
    }));
    try {
      const r = await runCli(["serve", ...sessionArgs(fixture.ids, denied.url), "--port", "0"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^roles-anywhere serve: .*Untrusted Signing Certificate/);
    } finally {
      await denied.close();
    }
  });

  it("reports a port in use (exit 1)", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0"]);
    try {
      const port = new URL(server.url).port;
      const r = await runCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", port]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} is already in use: .*--port`));
    } finally {
      await server.stop();
    }
  });
});

describe("serve --ecs (container credentials)", () => {
  const TOKEN = "ecs-auth-token-0123456789abcdef";

  it("an SDK v3 client with AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN gets credentials", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--ecs"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
      const arn = await callerIdentityVia({ AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN });
      expect(arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Lab-IAM-Anywhere-All/0a1b`);
    } finally {
      const r = await server.stop();
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain(TOKEN);
      expect(r.stderr).not.toContain(TOKEN);
    }
  });

  it("--json prints one JSON line with the URL, the API and the client variables (never the token)", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--ecs", "--json"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
    });
    const r = await server.stop();
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual({
      url: server.url,
      api: "ecs",
      roleArn: ROLE_ARN,
      environment: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url },
    });
    expect(r.stdout).not.toContain(TOKEN);
  });

  it("refuses a missing (401) or wrong (403) authorization token", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--ecs"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
    });
    try {
      const missing = await http(server.url, "GET");
      expect(missing.status).toBe(401);
      expect(missing.body).not.toContain(SECRET_ACCESS_KEY);
      const wrong = await http(server.url, "GET", { authorization: `${TOKEN}x` });
      expect(wrong.status).toBe(403);
      expect(wrong.body).not.toContain(SECRET_ACCESS_KEY);
      const ok = await http(server.url, "GET", { authorization: TOKEN });
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ SecretAccessKey: SECRET_ACCESS_KEY, Token: SESSION_TOKEN, AccountId: ACCOUNT });
    } finally {
      await server.stop();
    }
  });

  it("security: refuses a rebound Host even with the right token", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--ecs"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
    });
    try {
      const rebound = await http(server.url, "GET", { authorization: TOKEN, host: "attacker.example" });
      expect(rebound.status).toBe(403);
      expect(rebound.body).not.toContain(SECRET_ACCESS_KEY);
    } finally {
      await server.stop();
    }
  });

  it("security: answers only on its documented path (/credentials)", async () => {
    const server = await startCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--port", "0", "--ecs"], {
      env: { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
    });
    try {
      const base = server.url.replace(/\/credentials$/, "");
      for (const path of ["/", "/latest/meta-data/iam/security-credentials/x", "/credentials/extra", "/v2/credentials"]) {
        const other = await http(`${base}${path}`, "GET", { authorization: TOKEN });
        expect([path, other.status]).toEqual([path, 404]);
        expect(other.body).not.toContain(SECRET_ACCESS_KEY);
      }
      expect((await http(`${base}/credentials?x=1`, "GET", { authorization: TOKEN })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("takes the token from --auth-token-file (which needs --ecs)", async () => {
    const file = join(fixture.ids.dir, "ecs-token");
    await writeFile(file, `${TOKEN}-from-file\n`, { mode: 0o600 });
    const server = await startCli([
      "serve",
      ...sessionArgs(fixture.ids, fixture.stub.url),
      "--port",
      "0",
      "--ecs",
      "--auth-token-file",
      file,
    ]);
    try {
      expect((await http(server.url, "GET", { authorization: TOKEN })).status).toBe(403);
      expect((await http(server.url, "GET", { authorization: `${TOKEN}-from-file` })).status).toBe(200);
    } finally {
      await server.stop();
    }
    const r = await runCli(["serve", ...sessionArgs(fixture.ids, fixture.stub.url), "--auth-token-file", file]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/--auth-token-file only applies with --ecs/);
  });
});
