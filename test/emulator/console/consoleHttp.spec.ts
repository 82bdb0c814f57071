import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../../src/emulator";
import type { EmulatorEvent } from "../../../src/emulator/types";
import { createTestCa, issueTestCertificate } from "../../support/pki";
import { callCreateSession } from "../../support/signCreateSession";
import { roleArnOf, startEmulatorTrusting } from "../../support/testEmulator";

/** A raw HTTP request (fetch cannot send a forged Host or omit Origin on a POST from a page; node:http can). */
const send = (
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });

let emu: Emulator;
const events: EmulatorEvent[] = [];
let cookie: string;
let origin: string;

beforeAll(async () => {
  emu = await startEmulator({ onEvent: (e) => events.push(e) });
  origin = emu.url;
  const login = await send(emu.consoleUrl);
  cookie = String(login.headers["set-cookie"]).split(";")[0]!;
});
afterAll(() => emu.close());

describe("the console's login", () => {
  it("consoleUrl is <url>/console/login?token=<43 base64url characters>", () => {
    expect(emu.consoleUrl).toMatch(new RegExp(`^${emu.url}/console/login\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it("turns the token into an HttpOnly, SameSite=Strict cookie for /console and redirects to /console without the token", async () => {
    const login = await send(emu.consoleUrl);
    expect(login.status).toBe(303);
    expect(login.headers["location"]).toBe("/console");
    expect(String(login.headers["set-cookie"])).toMatch(
      new RegExp(`^emulator_console_${emu.port}=[A-Za-z0-9_-]{43}; Path=/console; HttpOnly; SameSite=Strict$`),
    );
    expect(login.headers["referrer-policy"]).toBe("no-referrer");
    const token = new URL(emu.consoleUrl).searchParams.get("token")!;
    expect(String(login.headers["set-cookie"])).not.toContain(token);
  });

  it("answers 401 with a page saying how to log in: no token, a wrong token, no cookie, a wrong cookie", async () => {
    for (const path of ["/console/login", "/console/login?token=wrong", "/console"]) {
      const page = await send(`${emu.url}${path}`);
      expect(page.status).toBe(401);
      expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(page.body).toContain("consoleUrl");
      expect(page.headers["set-cookie"]).toBeUndefined();
    }
    expect((await send(`${emu.url}/console`, { headers: { cookie: `${cookie}x` } })).status).toBe(401);
    const api = await send(`${emu.url}/console/api/overview`, { headers: { "x-emulator-console": "1" } });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toEqual({ error: { code: "LoginRequired", message: "Log in with the console link first." } });
    expect((await send(`${emu.url}/console/api/events`)).status).toBe(401);
  });

  it("serves the page, its script and its style with a strict content security policy", async () => {
    const page = await send(`${emu.url}/console`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/console/app.js"></script>');
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    const script = await send(`${emu.url}/console/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/); // no external assets
    expect((await send(`${emu.url}/console/app.css`)).headers["content-type"]).toBe("text/css; charset=utf-8");
  });
});

describe("the console refuses what a hostile page or network could send", () => {
  const createRole = (headers: Record<string, string>) =>
    send(`${emu.url}/console/api/call/iam/CreateRole`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({
        RoleName: "Forged",
        AssumeRolePolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*" }] }),
      }),
    });

  it("a state change from another Origin is refused, even with the cookie and the header", async () => {
    const answer = await createRole({ cookie, origin: "http://evil.example", "x-emulator-console": "1" });
    expect(answer.status).toBe(403);
    expect(emu.state.roles.has("Forged")).toBe(false);
  });

  it("a state change without the X-Emulator-Console header is refused, even with the cookie and the right Origin", async () => {
    const answer = await createRole({ cookie, origin });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("x-emulator-console");
    expect(emu.state.roles.has("Forged")).toBe(false);
  });

  it("a state change without an Origin, or without the cookie, is refused", async () => {
    expect((await createRole({ cookie, "x-emulator-console": "1" })).status).toBe(403);
    expect((await createRole({ origin, "x-emulator-console": "1" })).status).toBe(401);
    expect(emu.state.roles.has("Forged")).toBe(false);
  });

  it("a Host a DNS rebinding would send is refused, login included", async () => {
    expect((await send(emu.consoleUrl, { headers: { host: "attacker.example" } })).status).toBe(403);
    expect((await send(`${emu.url}/console`, { headers: { cookie, host: `rebound.example:${emu.port}` } })).status).toBe(403);
  });

  it("the console's own request goes through, and console requests never reach onEvent (the token stays out of logs)", async () => {
    events.length = 0;
    const answer = await createRole({ cookie, origin, "x-emulator-console": "1" });
    expect(answer.status).toBe(200);
    expect(emu.state.roles.has("Forged")).toBe(true);
    await send(emu.consoleUrl);
    await send(`${emu.url}/console/login?token=wrong`);
    expect(events).toEqual([]);
  });
});

describe("the live Activity stream (server-sent events)", () => {
  it("replays recent requests, streams new ones with their decision, and ends when the emulator closes", async () => {
    const ca = await createTestCa({ commonName: "Stream CA" });
    const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "GabrielAngelos" } });
    const live = await startEmulatorTrusting(ca.certificatePem, "App");
    const login = await send(live.consoleUrl);
    const liveCookie = String(login.headers["set-cookie"]).split(";")[0]!;
    const arns = { trustAnchorArn: live.arns.trustAnchors["TA"]!, profileArn: live.arns.profiles["PROFILE"]!, roleArn: roleArnOf("App") };
    await callCreateSession({ url: live.url, leaf, ...arns });
    let text = "";
    let ended = false;
    const opened = new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${live.url}/console/api/events`, { headers: { cookie: liveCookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          resolve();
        });
        res.on("end", () => (ended = true));
        res.on("error", () => (ended = true));
      });
      req.on("error", reject);
      req.end();
    });
    await opened;
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(text); i++) await new Promise((r) => setTimeout(r, 25));
      return pattern.test(text);
    };
    expect(await waitFor(/id: 1\nevent: activity\ndata: .*"operation":"CreateSession","status":201/)).toBe(true);
    const trustPolicy = live.state.roles.get("App")!.trustPolicy;
    live.state.roles.get("App")!.trustPolicy = {
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    await callCreateSession({ url: live.url, leaf, ...arns });
    expect(await waitFor(/id: 2\nevent: activity\ndata: .*"failedCheck":"trustPolicy"/)).toBe(true);
    expect(text).not.toContain("event: change"); // a denial changes nothing
    live.state.roles.get("App")!.trustPolicy = trustPolicy;
    await callCreateSession({ url: live.url, leaf, ...arns });
    expect(await waitFor(/event: change\ndata: \{\}\n\nid: 3\nevent: activity/)).toBe(true); // a new session changed the state
    await live.close();
    for (let i = 0; i < 100 && !ended; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(true);
  });
});
