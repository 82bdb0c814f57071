import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type ICruiseResult, cruise } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const config = createRequire(import.meta.url)(join(root, ".dependency-cruiser.cjs")) as {
  forbidden: { name: string }[];
  options: Record<string, unknown>;
};

/** Cruises `src/` under `baseDir` with the repository's rules; returns "rule: from → to" lines. */
const violations = async (baseDir: string): Promise<string[]> => {
  const result = await cruise(["src"], { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
};

describe("import boundaries (.dependency-cruiser.cjs, docs/architecture.md)", () => {
  it("src/ keeps every rule", { timeout: 60_000 }, async () => {
    expect(await violations(root)).toEqual([]);
  });

  describe("each rule catches what it forbids", () => {
    // Small trees laid out like src/, under .tmp/ so that node_modules resolves from them.
    mkdirSync(join(root, ".tmp"), { recursive: true });
    const scratch = mkdtempSync(join(root, ".tmp", "boundaries-"));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const tree = (name: string, files: Record<string, string>): string => {
      const base = join(scratch, name);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(base, path)), { recursive: true });
        writeFileSync(join(base, path), text);
      }
      return base;
    };

    it.each([
      [
        "no-circular",
        {
          "src/a/x.ts": 'import type { Y } from "./y";\nexport type X = Y | 1;\n',
          "src/a/y.ts": 'import type { X } from "./x";\nexport type Y = X | 2;\n',
        },
      ],
      ["core-not-to-cli-or-emulator", { "src/cache/cache.ts": 'import "../cli/main";\n', "src/cli/main.ts": "export {};\n" }],
      ["core-not-to-cli-or-emulator", { "src/key/x.ts": 'import "../emulator/server";\n', "src/emulator/server.ts": "export {};\n" }],
      ["core-no-static-node-builtin", { "src/options/options.ts": 'import { readFile } from "node:fs/promises";\nexport { readFile };\n' }],
      ["core-no-static-node-adapter", { "src/identitySource.ts": 'import "./node/files";\n', "src/node/files.ts": "export {};\n" }],
      [
        "emulator-uses-shared-core-only",
        { "src/emulator/x.ts": 'import "../options/options";\n', "src/options/options.ts": "export {};\n" },
      ],
      ["heavy-code-lazy", { "src/identity/identity.ts": 'import "../key/pkcs12/pkcs12";\n', "src/key/pkcs12/pkcs12.ts": "export {};\n" }],
      ["heavy-code-lazy", { "src/key/keyImport.ts": 'import "./mlDsaSigner";\n', "src/key/mlDsaSigner.ts": "export {};\n" }],
      [
        "heavy-packages-lazy",
        { "src/key/mlDsaSigner.ts": 'import { ml_dsa44 } from "@noble/post-quantum/ml-dsa.js";\nexport { ml_dsa44 };\n' },
      ],
      ["not-to-unresolvable", { "src/cache/cache.ts": 'import "./missing";\n' }],
    ])("%s", { timeout: 60_000 }, async (rule, files) => {
      const found = await violations(tree(`${rule}-${Object.keys(files)[0]!.replace(/\W/g, "_")}`, files));
      expect(found.map((line) => line.split(":")[0])).toContain(rule);
    });

    it(
      "allows what the rules permit: lazy import() of Node adapters and heavy code, the emulator on shared modules",
      { timeout: 60_000 },
      async () => {
        const base = tree("allowed", {
          "src/identitySource.ts": 'export const read = async () => (await import("./node/files")).x;\n',
          "src/node/files.ts": 'import { readFile } from "node:fs/promises";\nexport const x = readFile;\n',
          "src/identity/identity.ts": 'export const p = () => import("../key/pkcs12/pkcs12");\n',
          "src/key/pkcs12/pkcs12.ts": "export {};\n",
          "src/emulator/x.ts": 'import "../certificate/certificate";\nimport "../signature/index";\nimport "node:http";\n',
          "src/certificate/certificate.ts": "export {};\n",
          "src/signature/index.ts": "export {};\n",
        });
        expect(await violations(base)).toEqual([]);
      },
    );
  });
});

/** Files of the library core: src/ without the CLI, the emulator and their entries. */
const coreFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (dir === join(root, "src") && ["node", "cli", "emulator", "cli.ts", "emulator.ts"].includes(name)) return [];
    if (statSync(path).isDirectory()) return coreFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });

describe("the core is runtime-neutral", () => {
  const files = coreFiles(join(root, "src"));

  it("finds the core files", () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((file) => file.endsWith("fromRolesAnywhere.ts"))).toBe(true);
  });

  it.each(files.map((file) => [relative(root, file), file]))("%s uses no Node global and no console", (_name, file) => {
    // Comments may show usage examples; code may not.
    const code = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    expect(code).not.toMatch(/\bBuffer\.|\brequire\(|\b__dirname\b/);
    expect(code).not.toMatch(/\bconsole\./);
  });
});
