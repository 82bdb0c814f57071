import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolateSdkEnv } from "../support/sdkEnv";
import {
  type StubServer,
  ACCOUNT,
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
      expect(r.stdout).toMatch(/^Serving IMDSv2 credentials for role Lab-IAM-Anywhere-All at http:\/\/127\.0\.0\.1:\d+\/ /);
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
      const json = JSON.parse(creds.body);
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
