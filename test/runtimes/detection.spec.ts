/**
 * Runtime detection, in the runtimes themselves: `src/runtime/defaults.ts`, bundled once with
 * esbuild, reports what `detectRuntime` and `runtimeDefaults` choose in Node 22/24/26, Bun, Deno
 * and workerd without and with `nodejs_compat`, next to the globals it has to go on: every one
 * of them but a plain Worker has a Node-like `process` (`versions.node`, `release.name ===
 * "node"`), so `process` alone must never mean Node.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RuntimeName, haveRuntimes, installedRuntime, runMiniflare, runtimeTitle } from "../support/runtimes";

const run = promisify(execFile);

const defaultsModule = fileURLToPath(new URL("../../src/runtime/defaults.ts", import.meta.url));

const REPORT = `
import { detectRuntime, runtimeDefaults } from ${JSON.stringify(defaultsModule)};
const chosen = runtimeDefaults(globalThis);
export const report = () => ({
  detected: detectRuntime(globalThis),
  chosen: chosen.runtime,
  readsFiles: chosen.readsFiles,
  nativeSha256: chosen.nativeSha256 !== undefined,
  processVersionsNode: typeof globalThis.process?.versions?.node === "string",
  releaseName: globalThis.process?.release?.name ?? null,
  userAgent: String(globalThis.navigator?.userAgent ?? "").split("/")[0],
  deno: typeof globalThis.Deno?.version?.deno === "string",
  bun: typeof globalThis.Bun?.version === "string",
  getBuiltinModule: typeof globalThis.process?.getBuiltinModule === "function",
});
`;

/** What detectRuntime and runtimeDefaults must choose for a runtime. */
const detection = (runtime: string, readsFiles: boolean, nativeSha256: boolean): Report => ({
  detected: runtime,
  chosen: runtime,
  readsFiles,
  nativeSha256,
});

type Report = Record<string, unknown>;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ra-detect-"));
  writeFileSync(join(dir, "report.mjs"), REPORT);
  writeFileSync(join(dir, "cli-entry.mjs"), `import { report } from "./report.mjs";\nconsole.log(JSON.stringify(report()));\n`);
  writeFileSync(
    join(dir, "worker-entry.mjs"),
    `import { report } from "./report.mjs";\nexport default { fetch: () => Response.json(report()) };\n`,
  );
  const common: BuildOptions = {
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    external: ["node:*"],
    logLevel: "error",
  };
  await Promise.all([
    build({ ...common, entryPoints: [join(dir, "cli-entry.mjs")], outfile: join(dir, "cli.mjs") }),
    build({ ...common, entryPoints: [join(dir, "worker-entry.mjs")], outfile: join(dir, "worker.mjs") }),
  ]);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fromCli = async (name: RuntimeName, ...args: string[]): Promise<Report> =>
  JSON.parse(
    (await run(installedRuntime(name)!.binary, [...args, join(dir, "cli.mjs")], { cwd: dir, encoding: "utf8", timeout: 60_000 })).stdout,
  ) as Report;

const nodeLike = { processVersionsNode: true, releaseName: "node", getBuiltinModule: true };

const CLI_RUNTIMES: [RuntimeName, string[], Report][] = [
  ["node22", [], { ...nodeLike, userAgent: "Node.js", deno: false, bun: false, ...detection("node", true, true) }],
  ["node24", [], { ...nodeLike, userAgent: "Node.js", deno: false, bun: false, ...detection("node", true, true) }],
  ["node26", [], { ...nodeLike, userAgent: "Node.js", deno: false, bun: false, ...detection("node", true, true) }],
  ["bun", [], { ...nodeLike, userAgent: "Bun", deno: false, bun: true, ...detection("bun", true, true) }],
  [
    "deno",
    ["run", "--allow-read", "--allow-env", "--no-prompt"],
    { ...nodeLike, userAgent: "Deno", deno: true, bun: false, ...detection("deno", true, true) },
  ],
];

for (const [name, args, expected] of CLI_RUNTIMES) {
  describe.skipIf(!haveRuntimes(name))(runtimeTitle(`runtime globals in ${name}`, name), () => {
    it(`has a Node-like process; tells itself apart by ${expected.deno ? "Deno" : expected.bun ? "Bun" : "nothing else"}; detected as ${String(expected.detected)}`, async () => {
      expect(await fromCli(name, ...args)).toEqual(expected);
    });
  });
}

const compatibilityDate = (
  JSON.parse(readFileSync(fileURLToPath(new URL("../../examples/cloudflare-worker/wrangler.json", import.meta.url)), "utf8")) as {
    compatibility_date: string;
  }
).compatibility_date;

describe.skipIf(!haveRuntimes("workerd", "node24"))(runtimeTitle("runtime globals in workerd", "workerd", "node24"), () => {
  it(`a Worker says Cloudflare-Workers; with nodejs_compat it has a Node-like process too, and is still detected as workerd (fetch, no files)`, async () => {
    const worker = (name: string, flags: string[]) => ({
      name,
      scriptPath: join(dir, "worker.mjs"),
      compatibilityDate,
      compatibilityFlags: flags,
    });
    const results = await runMiniflare(
      dir,
      [worker("plain", []), worker("nodejs-compat", ["nodejs_compat"])],
      [
        { worker: "plain", url: "http://worker.test/" },
        { worker: "nodejs-compat", url: "http://worker.test/" },
      ],
    );
    const [plain, compat] = results.map((result) => JSON.parse(result.body) as Report);
    const cloudflare = { userAgent: "Cloudflare-Workers", deno: false, bun: false };
    expect(plain).toEqual({
      ...cloudflare,
      processVersionsNode: false,
      releaseName: null,
      getBuiltinModule: false,
      ...detection("workerd", false, false),
    });
    // nodejs_compat brings process.versions.node and node:crypto: still a Worker, still fetch.
    expect(compat).toEqual({ ...cloudflare, ...nodeLike, ...detection("workerd", false, true) });
  });
});
