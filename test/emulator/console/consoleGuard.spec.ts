import { describe, expect, it } from "vitest";
import { ActivityLog } from "../../../src/emulator/console/activityLog";
import { cookieValue, createConsoleAuth } from "../../../src/emulator/console/consoleAuth";
import { consoleRefusal, type ConsoleRequestFacts } from "../../../src/emulator/console/consoleGuard";

const facts = (over: Partial<ConsoleRequestFacts> & { headers?: Record<string, string> } = {}): ConsoleRequestFacts => ({
  method: "GET",
  path: "/console",
  remoteAddress: "127.0.0.1",
  localAddress: "127.0.0.1",
  boundAddress: "127.0.0.1",
  ...over,
  headers: { host: "127.0.0.1:8080", ...over.headers },
});
const api = { "x-emulator-console": "1" };
const post = (headers: Record<string, string>) =>
  consoleRefusal(facts({ method: "POST", path: "/console/api/call/iam/CreateRole", headers }));

describe("consoleRefusal", () => {
  it("lets the console's own requests through: the page, API reads, API writes from its origin, the event stream", () => {
    expect(consoleRefusal(facts())).toBeUndefined();
    expect(consoleRefusal(facts({ path: "/console/api/overview", headers: { ...api, "sec-fetch-site": "same-origin" } }))).toBeUndefined();
    expect(post({ ...api, origin: "http://127.0.0.1:8080" })).toBeUndefined();
    expect(consoleRefusal(facts({ path: "/console/api/events" }))).toBeUndefined();
    expect(consoleRefusal(facts({ headers: { host: "localhost:8080" } }))).toBeUndefined();
    expect(consoleRefusal(facts({ headers: { host: "[::1]:8080" }, remoteAddress: "::1" }))).toBeUndefined();
  });

  it("refuses clients on other machines, and Host names a DNS rebinding could send", () => {
    expect(consoleRefusal(facts({ remoteAddress: "192.0.2.7", localAddress: "192.0.2.1", boundAddress: "0.0.0.0" }))).toMatchObject({
      status: 403,
    });
    expect(
      consoleRefusal(
        facts({ remoteAddress: "192.0.2.1", localAddress: "192.0.2.1", boundAddress: "0.0.0.0", headers: { host: "192.0.2.1:8080" } }),
      ),
    ).toBeUndefined();
    expect(consoleRefusal(facts({ headers: { host: "evil.example:8080" } }))).toMatchObject({ status: 403 });
    expect(consoleRefusal(facts({ headers: { host: "" } }))).toMatchObject({ status: 403 });
  });

  it("refuses another Origin, a write without an Origin, and cross-site fetches", () => {
    expect(post({ ...api, origin: "http://evil.example" })).toMatchObject({
      status: 403,
      message: "Requests from other origins are refused.",
    });
    expect(post({ ...api, origin: "http://127.0.0.1:9999" })).toMatchObject({ status: 403 });
    expect(post({ ...api, origin: "null" })).toMatchObject({ status: 403 });
    expect(post(api)).toMatchObject({ status: 403 });
    expect(consoleRefusal(facts({ path: "/console/api/overview", headers: { ...api, "sec-fetch-site": "cross-site" } }))).toMatchObject({
      status: 403,
    });
    expect(consoleRefusal(facts({ path: "/console/api/events", headers: { origin: "http://evil.example" } }))).toMatchObject({
      status: 403,
    });
  });

  it("refuses API requests without the X-Emulator-Console header, and methods the API does not have", () => {
    expect(post({ origin: "http://127.0.0.1:8080" })).toMatchObject({
      status: 403,
      message: expect.stringContaining("x-emulator-console"),
    });
    expect(consoleRefusal(facts({ path: "/console/api/overview" }))).toMatchObject({ status: 403 });
    expect(
      consoleRefusal(facts({ method: "DELETE", path: "/console/api/overview", headers: { ...api, origin: "http://127.0.0.1:8080" } })),
    ).toMatchObject({ status: 405 });
    expect(consoleRefusal(facts({ method: "POST", path: "/console", headers: { origin: "http://127.0.0.1:8080" } }))).toMatchObject({
      status: 405,
    });
  });
});

describe("createConsoleAuth", () => {
  const auth = createConsoleAuth(8080, (n) => new Uint8Array(n).fill(7));

  it("checks the token, and turns it into an HttpOnly, SameSite=Strict cookie for /console that is not the token", () => {
    expect(auth.token).toBe(Buffer.alloc(32, 7).toString("base64url"));
    expect(auth.checkToken(auth.token)).toBe(true);
    for (const wrong of [undefined, null, "", `${auth.token}x`, auth.token.slice(1), auth.token.toUpperCase()])
      expect(auth.checkToken(wrong)).toBe(false);
    const setCookie = auth.setCookie();
    expect(setCookie).toMatch(/^emulator_console_8080=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    const value = setCookie.split(";")[0]!.split("=")[1]!;
    expect(value).not.toBe(auth.token);
    expect(auth.checkCookie(`other=1; emulator_console_8080=${value}`)).toBe(true);
    expect(auth.checkCookie(`emulator_console_8080=${auth.token}`)).toBe(false);
    expect(auth.checkCookie(`emulator_console_9090=${value}`)).toBe(false);
    expect(auth.checkCookie(undefined)).toBe(false);
  });

  it("differs for every start (a random token)", () => {
    expect(createConsoleAuth(8080).token).not.toBe(createConsoleAuth(8080).token);
  });

  it("reads one cookie out of a Cookie header", () => {
    expect(cookieValue("a=1; b = 2 ;c=3", "b")).toBe("2");
    expect(cookieValue("ab=1", "b")).toBeUndefined();
  });
});

describe("ActivityLog", () => {
  it("keeps the newest entries up to its capacity, stamped by the emulator's clock, and tells subscribers", () => {
    const log = new ActivityLog(() => new Date("2026-11-25T01:44:59Z"), 3);
    const heard: string[] = [];
    const unsubscribe = log.subscribe((m) => heard.push(m.kind === "activity" ? `#${m.entry.id}` : "change"));
    for (let i = 0; i < 5; i++) log.record({ operation: "CreateSession", status: 201 });
    log.changed();
    unsubscribe();
    log.record({ operation: "CreateSession", status: 403 });
    expect(heard).toEqual(["#1", "#2", "#3", "#4", "#5", "change"]);
    expect(log.newestFirst().map((e) => e.id)).toEqual([6, 5, 4]);
    expect(log.since(4).map((e) => e.id)).toEqual([5, 6]);
    expect(log.newestFirst()[0]!.time).toBe("2026-11-25T01:44:59.000Z");
  });

  it("drops a subscriber that throws, and keeps recording", () => {
    const log = new ActivityLog(() => new Date());
    log.subscribe(() => {
      throw new Error("gone");
    });
    log.record({ operation: "GetCallerIdentity", status: 200 });
    expect(log.subscribers).toBe(0);
    expect(log.since()).toHaveLength(1);
  });
});
