import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));
const NODE_ONLY = ["node", "cli", "emulator", "cli.ts", "emulator.ts"];

const coreFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (dir === src.replace(/\/$/, "") || dir === src) if (NODE_ONLY.includes(name)) return [];
    if (statSync(path).isDirectory()) return coreFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".spec.ts") ? [path] : [];
  });

describe("the core is runtime-neutral", () => {
  const files = coreFiles(src.replace(/\/$/, ""));

  it("finds the core files", () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((file) => file.endsWith("fromRolesAnywhere.ts"))).toBe(true);
  });

  it.each(files.map((file) => [relative(src, file), file]))("%s has no static Node import and no Node globals", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/^\s*import\s[^;]*from\s+["']node:/m);
    expect(text).not.toMatch(/^\s*import\s[^;]*from\s+["']\.\.?\/(.*\/)?node\//m);
    expect(text).not.toMatch(/\bBuffer\.|\brequire\(/);
  });
});
