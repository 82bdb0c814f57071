import { describe, expect, it } from "vitest";
import {
  cachedDataFor,
  engineOf,
  codeCacheDir,
  codeCacheEntry,
  codeCacheEntryName,
  codeCachePrefix,
  codeCacheVariant,
  fnv1a,
  posixTempDir,
} from "../../../src/cli/codeCache/codeCacheNames";

const engine = { version: "v20.20.2", arch: "x64" };

describe("code cache names", () => {
  it("a command's first word is its variant; anything else is `other`; help and the credential cache have their own", () => {
    expect(codeCacheVariant(["credential-process", "--certificate", "c.pem"], false)).toBe("credential-process");
    expect(codeCacheVariant(["credential-process", "--cache"], true)).toBe("credential-process-cache");
    expect(codeCacheVariant(["credential-process", "--help"], false)).toBe("credential-process-help");
    expect(codeCacheVariant(["credential-process", "--cache", "-h"], true)).toBe("credential-process-help");
    expect(codeCacheVariant(["serve"], false)).toBe("serve");
    expect(codeCacheVariant([], false)).toBe("other");
    expect(codeCacheVariant(["--help"], false)).toBe("other-help");
    expect(codeCacheVariant(["--version"], false)).toBe("other");
    expect(codeCacheVariant(["../../etc/passwd"], false)).toBe("other");
    expect(codeCacheVariant(["a".repeat(41)], false)).toBe("other");
  });

  it("FNV-1a matches the published test values", () => {
    expect(fnv1a("")).toBe("811c9dc5");
    expect(fnv1a("a")).toBe("e40c292c");
    expect(fnv1a("foobar")).toBe("bf9cf968");
  });

  it("an entry is named by file and variant (its prefix) and engine", () => {
    const name = codeCacheEntryName("/pkg/dist/cli/bin.cjs", "serve", engine);
    expect(name.startsWith(codeCachePrefix("/pkg/dist/cli/bin.cjs", "serve"))).toBe(true);
    expect(name).toBe(`${fnv1a("/pkg/dist/cli/bin.cjs")}-serve.v20.20.2_x64.v8`);
    // One variant's prefix is never the prefix of another's entries.
    expect(
      codeCacheEntryName("/pkg/dist/cli/bin.cjs", "serve-help", engine).startsWith(codeCachePrefix("/pkg/dist/cli/bin.cjs", "serve")),
    ).toBe(false);
    const others = [
      codeCacheEntryName("/pkg/dist/cli/bin.cjs", "serve", { ...engine, version: "v22.23.5" }),
      codeCacheEntryName("/pkg/dist/cli/bin.cjs", "serve", { ...engine, arch: "arm64" }),
      codeCacheEntryName("/pkg/dist/cli/cacheHit.cjs", "serve", engine),
      codeCacheEntryName("/pkg/dist/cli/bin.cjs", "emulate", engine),
    ];
    expect(new Set([name, ...others]).size).toBe(others.length + 1);
    for (const n of [name, ...others]) expect(n).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it("an entry gives its cached data only for the exact source it was made from", () => {
    const source = new TextEncoder().encode("exports.a = 1 + 2;");
    const data = Uint8Array.of(9, 8, 7, 6);
    const entry = codeCacheEntry(source, data);
    expect(Array.from(cachedDataFor(entry, source) ?? [])).toEqual([9, 8, 7, 6]);
    // As Buffers (what the loader reads), at an offset in a larger allocation.
    const pooled = Buffer.concat([Buffer.alloc(3), Buffer.from(entry)]).subarray(3);
    expect(Array.from(cachedDataFor(pooled, Buffer.from(source)) ?? [])).toEqual([9, 8, 7, 6]);
    // Same length, one byte different: never handed to V8.
    expect(cachedDataFor(entry, new TextEncoder().encode("exports.a = 1 + 3;"))).toBeUndefined();
    expect(cachedDataFor(entry, new TextEncoder().encode("exports.a = 1 + 22;"))).toBeUndefined();
    expect(cachedDataFor(entry.subarray(0, 12 + source.length), source)).toBeUndefined();
    expect(cachedDataFor(entry.subarray(0, 5), source)).toBeUndefined();
    expect(cachedDataFor(Buffer.from("RAV9\0\0\0\x03garbage and more garbage"), source)).toBeUndefined();
    // Any damaged byte of V8's data (in either copy) is caught.
    const big = Uint8Array.from({ length: 4099 }, (_, i) => (i * 31) & 0xff);
    const intact = codeCacheEntry(source, big);
    expect(cachedDataFor(intact, source)?.length).toBe(4099);
    for (const at of [0, 1, 2048, 4098, 4099, 6000, 8197]) {
      const damaged = Uint8Array.from(intact);
      damaged[damaged.length - 2 * 4099 + at]! ^= 0x01;
      expect(cachedDataFor(damaged, source)).toBeUndefined();
    }
    expect(cachedDataFor(intact.subarray(0, intact.length - 1), source)).toBeUndefined();
    expect(cachedDataFor(codeCacheEntry(source, new Uint8Array(0)), source)).toBeUndefined();
    const lying = Uint8Array.from(entry);
    new DataView(lying.buffer).setUint32(8, 0xffffffff);
    expect(cachedDataFor(lying, source)).toBeUndefined();
  });

  it("the engine is Node's version, or Bun's or Deno's", () => {
    expect(engineOf({ version: "v20.20.2", arch: "x64", versions: { node: "20.20.2" } })).toEqual({ version: "v20.20.2", arch: "x64" });
    expect(engineOf({ version: "v26.3.0", arch: "x64", versions: { node: "26.3.0", bun: "1.4.5" } })).toEqual({
      version: "bun1.4.5",
      arch: "x64",
    });
    expect(engineOf({ version: "v22.0.0", arch: "arm64", versions: { node: "22.0.0", deno: "2.9.6" } })).toEqual({
      version: "deno2.9.6",
      arch: "arm64",
    });
  });

  it("the directory is the user's own, in NODE_COMPILE_CACHE or the temporary directory; NODE_DISABLE_COMPILE_CACHE turns it off", () => {
    expect(codeCacheDir({}, "/tmp", 1000)).toBe("/tmp/roles-anywhere-v8-1000");
    expect(codeCacheDir({}, "/tmp/", 1000)).toBe("/tmp/roles-anywhere-v8-1000");
    expect(codeCacheDir({ NODE_COMPILE_CACHE: "/cache" }, "/tmp", 0)).toBe("/cache/roles-anywhere-v8-0");
    expect(codeCacheDir({ NODE_COMPILE_CACHE: "" }, "/tmp", 0)).toBe("/tmp/roles-anywhere-v8-0");
    expect(codeCacheDir({}, "C:\\Temp", undefined)).toBe("C:\\Temp/roles-anywhere-v8-user");
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: "1" }, "/tmp", 1000)).toBeUndefined();
  });

  it("finds the temporary directory as os.tmpdir() does outside Windows, without node:os", async () => {
    const { tmpdir } = await import("node:os");
    const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
    try {
      for (const env of [{}, { TMPDIR: "/var/t/" }, { TMPDIR: "/" }, { TMP: "/x" }, { TEMP: "/y//" }, { TMPDIR: "", TMP: "/z" }]) {
        for (const name of ["TMPDIR", "TMP", "TEMP"] as const) delete process.env[name];
        Object.assign(process.env, env);
        expect(posixTempDir(env, "linux"), JSON.stringify(env)).toBe(tmpdir());
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(posixTempDir({ TMPDIR: "/t" }, "win32")).toBeUndefined();
  });
});
