import { describe, expect, it } from "vitest";
import { builtinModule } from "../../src/runtime/builtinModule";

describe("builtinModule (a builtin through process.getBuiltinModule)", () => {
  it("returns what the runtime's getBuiltinModule returns for the name", () => {
    const asked: string[] = [];
    const fs = { readFile: () => undefined };
    const global = { process: { getBuiltinModule: (id: string) => (asked.push(id), id === "node:fs" ? fs : undefined) } };
    expect(builtinModule("node:fs", global)).toBe(fs);
    expect(asked).toEqual(["node:fs"]);
  });

  it.each([
    ["no process", {}],
    ["a process without getBuiltinModule (Node before 20.16)", { process: {} }],
    ["a getBuiltinModule that is not a function", { process: { getBuiltinModule: "yes" } }],
    [
      "a getBuiltinModule that throws",
      {
        process: {
          getBuiltinModule: () => {
            throw new Error("no such builtin");
          },
        },
      },
    ],
    ["a getBuiltinModule that knows no such module", { process: { getBuiltinModule: () => undefined } }],
  ])("is undefined with %s, so the caller imports instead", (_name, global) => {
    expect(builtinModule("node:fs", global)).toBeUndefined();
  });

  it("in this Node, gives the same module object as require() does", async () => {
    const { createRequire } = await import("node:module");
    const viaRequire = createRequire(import.meta.url)("node:path");
    const viaBuiltin = builtinModule("node:path");
    // Node before 20.16 has no getBuiltinModule: then there is nothing to compare.
    expect(viaBuiltin === undefined ? typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule : viaBuiltin).toBe(
      viaBuiltin === undefined ? "undefined" : viaRequire,
    );
  });
});
