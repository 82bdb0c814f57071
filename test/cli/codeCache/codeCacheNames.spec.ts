import { describe, expect, it } from "vitest";
import { codeCacheDir, codeCacheEntryName, codeCachePrefix, codeCacheVariant, fnv1a } from "../../../src/cli/codeCache/codeCacheNames";

const source = { size: 1000, mtimeMs: 1764700000123.456, ino: 42 };
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

  it("an entry is named by file and variant (its prefix), engine and source identity", () => {
    const name = codeCacheEntryName("/pkg/dist/cli/bin.cjs", "serve", source, engine);
    expect(name.startsWith(codeCachePrefix("/pkg/dist/cli/bin.cjs", "serve"))).toBe(true);
    expect(name).toBe(`${fnv1a("/pkg/dist/cli/bin.cjs")}-serve-v20.20.2_x64-1000-1764700000123456-42.v8`);
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it("any change of engine or source identity gives another name (V8 itself checks only the length)", () => {
    const name = codeCacheEntryName("/f.cjs", "v", source, engine);
    const others = [
      codeCacheEntryName("/f.cjs", "v", { ...source, mtimeMs: source.mtimeMs + 0.001 }, engine),
      codeCacheEntryName("/f.cjs", "v", { ...source, ino: 43 }, engine),
      codeCacheEntryName("/f.cjs", "v", { ...source, size: 1001 }, engine),
      codeCacheEntryName("/f.cjs", "v", source, { ...engine, version: "v22.23.5" }),
      codeCacheEntryName("/f.cjs", "v", source, { ...engine, arch: "arm64" }),
      codeCacheEntryName("/g.cjs", "v", source, engine),
      codeCacheEntryName("/f.cjs", "w", source, engine),
    ];
    expect(new Set([name, ...others]).size).toBe(others.length + 1);
  });

  it("the directory is the user's own, in NODE_COMPILE_CACHE or the temporary directory; NODE_DISABLE_COMPILE_CACHE turns it off", () => {
    expect(codeCacheDir({}, "/tmp", 1000)).toBe("/tmp/roles-anywhere-v8-1000");
    expect(codeCacheDir({}, "/tmp/", 1000)).toBe("/tmp/roles-anywhere-v8-1000");
    expect(codeCacheDir({ NODE_COMPILE_CACHE: "/cache" }, "/tmp", 0)).toBe("/cache/roles-anywhere-v8-0");
    expect(codeCacheDir({ NODE_COMPILE_CACHE: "" }, "/tmp", 0)).toBe("/tmp/roles-anywhere-v8-0");
    expect(codeCacheDir({}, "C:\\Temp", undefined)).toBe("C:\\Temp/roles-anywhere-v8-user");
    expect(codeCacheDir({ NODE_DISABLE_COMPILE_CACHE: "1" }, "/tmp", 1000)).toBeUndefined();
  });
});
