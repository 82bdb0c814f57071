import { type Server, createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { detectRuntime, nativeSha256Of, runtimeDefaults, systemClock } from "../../src/runtime/defaults";
import { closeServer, listen } from "../support/stubServers";

const nodeProcess = { versions: { node: "20.20.2" }, release: { name: "node" } };

describe("detectRuntime", () => {
  it.each([
    ["Node", { process: nodeProcess }, "node"],
    // Workers with nodejs_compat have a process that looks like Node's.
    ["a Cloudflare Worker with nodejs_compat", { process: nodeProcess, navigator: { userAgent: "Cloudflare-Workers" } }, "workerd"],
    ["a Cloudflare Worker without nodejs_compat", { navigator: { userAgent: "Cloudflare-Workers" } }, "workerd"],
    ["Deno 2 (which has a Node-like process)", { Deno: { version: { deno: "2.1.0" } }, process: nodeProcess }, "deno"],
    [
      "Bun (which has a Node-like process)",
      { Bun: { version: "1.2.0" }, process: { versions: { node: "22.6.0", bun: "1.2.0" }, release: { name: "node" } } },
      "bun",
    ],
    ["Bun, seen through process only", { process: { versions: { node: "22.6.0", bun: "1.2.0" }, release: { name: "node" } } }, "bun"],
    ["a browser", { window: {}, document: {}, navigator: { userAgent: "Mozilla/5.0" } }, "browser"],
    ["a process polyfill without release.name", { process: { versions: { node: "20.0.0" } } }, "other"],
    ["an empty global", {}, "other"],
  ])("%s", (_name, global, expected) => {
    expect(detectRuntime(global)).toBe(expected);
  });

  it("names this test runner's runtime Node", () => {
    expect(detectRuntime(globalThis)).toBe("node");
  });
});

describe("nativeSha256Of", () => {
  it("uses node:crypto through process.getBuiltinModule when there is one", () => {
    const asked: string[] = [];
    const fake = { createHash: (algorithm: string) => ({ update: () => fake.createHash(algorithm), digest: () => `fake-${algorithm}` }) };
    const native = nativeSha256Of({ process: { getBuiltinModule: (id: string) => (asked.push(id), fake) } });
    expect(native?.().update("x").digest("hex")).toBe("fake-sha256");
    expect(asked).toEqual(["node:crypto"]);
  });

  it.each([
    ["no process", {}],
    ["no getBuiltinModule", { process: nodeProcess }],
    [
      "getBuiltinModule throws",
      {
        process: {
          getBuiltinModule: () => {
            throw new Error("no such module");
          },
        },
      },
    ],
    ["node:crypto without createHash", { process: { getBuiltinModule: () => ({}) } }],
  ])("is undefined with %s (the portable hash is used)", (_name, global) => {
    expect(nativeSha256Of(global)).toBeUndefined();
  });
});

describe("runtimeDefaults", () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await closeServer(server);
    server = undefined;
  });

  const fakeFetch = () => {
    const urls: string[] = [];
    const fetch = async (url: string) => {
      urls.push(url);
      return new Response("{}", { status: 201 });
    };
    return { urls, fetch };
  };

  it("in Node: node:http transport (not fetch), real files, the system clock", async () => {
    const { urls, fetch } = fakeFetch();
    const defaults = runtimeDefaults({ process: nodeProcess, fetch });
    expect(defaults.runtime).toBe("node");
    expect(defaults.readsFiles).toBe(true);
    expect(defaults.now).toBe(systemClock);
    let received = 0;
    server = createServer((_request, response) => {
      received += 1;
      response.writeHead(201).end("{}");
    });
    const url = await listen(server);
    const transport = await defaults.transport();
    const answer = await transport(`${url}/sessions`, { method: "POST", headers: {}, body: "{}" });
    expect(answer.status).toBe(201);
    expect(received).toBe(1);
    expect(urls).toEqual([]);
  });

  it("in a Worker with nodejs_compat: the runtime's fetch, and *File options refused with ERR_FILE", async () => {
    const { urls, fetch } = fakeFetch();
    const defaults = runtimeDefaults({ process: nodeProcess, navigator: { userAgent: "Cloudflare-Workers" }, fetch });
    expect(defaults.runtime).toBe("workerd");
    expect(defaults.readsFiles).toBe(false);
    const transport = await defaults.transport();
    await transport("https://rolesanywhere.us-east-1.amazonaws.com/sessions", { method: "POST", headers: { host: "x" }, body: "{}" });
    expect(urls).toEqual(["https://rolesanywhere.us-east-1.amazonaws.com/sessions"]);
    const error = await defaults.readFile("/etc/cert.pem").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error).toMatchObject({ code: "ERR_FILE", message: expect.stringMatching(/needs Node, Bun or Deno.*\(workerd\).*as values/) });
  });

  it.each(["deno", "bun"] as const)("in %s: fetch as the transport, files read with node:fs", async (runtime) => {
    const global =
      runtime === "deno"
        ? { Deno: { version: { deno: "2.1.0" } }, process: nodeProcess }
        : { Bun: { version: "1.2.0" }, process: nodeProcess };
    const defaults = runtimeDefaults({ ...global, fetch: fakeFetch().fetch });
    expect(defaults.runtime).toBe(runtime);
    expect(defaults.readsFiles).toBe(true);
    const missing = await defaults.readFile("/no/such/file.pem").catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "ERR_FILE", message: expect.stringContaining("it does not exist") });
  });

  it("without a global fetch outside Node: ERR_INVALID_OPTION asking for the fetch option", async () => {
    const error = await runtimeDefaults({})
      .transport()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error).toMatchObject({ code: "ERR_INVALID_OPTION", message: expect.stringContaining("pass the fetch option") });
  });
});
