// `npm run bench`: measures the rows listed in bench/README.md from the built dist/ (building it first when it is
// missing), prints a Markdown table and writes bench/results.json. Everything runs locally
// (127.0.0.1, ephemeral ports) and every server, worker and child process is stopped at the end.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { arch, cpus, loadavg, release, tmpdir, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createFixtures, emulatorOptions, sessionTarget } from "./lib/fixtures.mjs";
import { errorRow } from "./lib/row.mjs";
import { renderMachine, renderTable } from "./lib/table.mjs";
import { runCached } from "./sections/cached.mjs";
import { runCoalescing } from "./sections/coalescing.mjs";
import { runColdImport } from "./sections/coldImport.mjs";
import { runColdStart } from "./sections/coldStart.mjs";
import { runCacheAwsCli, runCacheHit } from "./sections/credentialCache.mjs";
import { runEmulatorThroughput } from "./sections/emulatorThroughput.mjs";
import { runRefresh } from "./sections/refresh.mjs";
import { runSigning } from "./sections/signing.mjs";
import { runSize } from "./sections/size.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message) => process.stderr.write(`bench: ${message}\n`);

/** Every row the bench must produce, per section (a failing section still shows its rows). */
export const SECTIONS = [
  {
    name: "Refresh cost",
    run: runRefresh,
    rows: [
      ["refresh.cli", "ms", "in-process ≥ 20× faster"],
      ["refresh.signingHelper", "ms", null],
    ],
  },
  {
    name: "CLI cold start",
    run: runColdStart,
    rows: [
      ["coldStart.cli", "ms", "≤ 1.5× node -e 0"],
      ["coldStart.floor", "ms", null],
    ],
  },
  { name: "Credential cache hit", run: runCacheHit, rows: [["cache.hit", "ms", "≤ 1.15× node -e 0"]] },
  {
    name: "Credential cache with the AWS CLI",
    run: runCacheAwsCli,
    rows: [
      ["cache.aws100.requests", "requests", "exactly 1 in every run"],
      ["cache.aws100.time", "ms", null],
    ],
  },
  {
    name: "Signing overhead",
    run: runSigning,
    rows: ["rsa2048", "rsa4096", "p256", "p384", "p521"].map((k) => [`signing.${k}`, "µs", "≤ 1.3× the bare signature"]),
  },
  { name: "Cached call", run: runCached, rows: [["cached.call", "ns/call", "≤ 3×"]] },
  {
    name: "Coalescing",
    run: runCoalescing,
    rows: [
      ["coalescing.requests", "requests", "exactly 1 request in every run"],
      ["coalescing.time", "ms", null],
    ],
  },
  {
    name: "Size",
    run: runSize,
    rows: [
      ["size.core", "KB gz", "≤ 40 KB"],
      ["size.pkijs", "KB gz", "not in the core's eager load (loaded lazily)"],
    ],
  },
  {
    name: "Cold import",
    run: runColdImport,
    rows: [
      ["coldImport.esm", "ms", "< 1×"],
      ["coldImport.cjs", "ms", "< 1×"],
    ],
  },
  {
    name: "Emulator throughput",
    run: runEmulatorThroughput,
    rows: [
      ["emulator.rsa", "req/s", null],
      ["emulator.ec", "req/s", null],
    ],
  },
];

const ensureBuilt = () => {
  const needed = ["dist/index.js", "dist/signing.js", "dist/emulator.js", "dist/cli.cjs"];
  if (needed.every((f) => existsSync(join(root, f))) && !process.argv.includes("--build")) return;
  log("dist/ is missing: running npm run build");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error("npm run build failed");
};

const versionOf = async (pkg) => {
  try {
    return JSON.parse(await readFile(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
};

const machineInfo = () => ({
  cpu: cpus()[0]?.model?.trim() ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  os: `${type()} ${release()} ${arch()}`,
  node: process.version,
});

const gitCommit = () => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};

/** Files under src/ that differ from the commit (the size rows bundle src/ as it is on disk). */
const uncommittedSources = () => {
  try {
    return execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean).length;
  } catch {
    return null;
  }
};

const main = async () => {
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  if (loadAtStart > cpus().length) {
    log(`the 1-minute load average is ${loadAtStart.toFixed(2)} on ${cpus().length} cores: other work is running, expect noisy numbers`);
  }
  ensureBuilt();
  const tmpDir = await mkdtemp(join(tmpdir(), "ra-bench-"));
  // Work on a snapshot of the package (dist/ + package.json, node_modules linked): teammates may
  // rebuild dist/ (tsup cleans it first) while the bench runs.
  const pkgRoot = join(tmpDir, "pkg");
  await mkdir(pkgRoot);
  await cp(join(root, "dist"), join(pkgRoot, "dist"), { recursive: true });
  await cp(join(root, "package.json"), join(pkgRoot, "package.json"));
  await symlink(join(root, "node_modules"), join(pkgRoot, "node_modules"), "dir");
  const distBuiltAt = (await stat(join(pkgRoot, "dist/index.js"))).mtime.toISOString();
  const dist = {
    index: pathToFileURL(join(pkgRoot, "dist/index.js")).href,
    signing: pathToFileURL(join(pkgRoot, "dist/signing.js")).href,
    emulatorUrl: pathToFileURL(join(pkgRoot, "dist/emulator.js")).href,
    cli: join(pkgRoot, "dist/cli.cjs"),
  };
  let emu;
  const rows = [];
  try {
    log("generating certificates (RSA-2048/4096, P-256/384/521)");
    const fixtures = await createFixtures(tmpDir);
    const { startEmulator } = await import(dist.emulatorUrl);
    let createSessions = 0;
    emu = await startEmulator({
      ...emulatorOptions(fixtures.caPems),
      onEvent: (event) => {
        if (event.operation === "CreateSession") createSessions++;
        if (event.status >= 400) log(`emulator refused a request: ${event.status} ${event.reason ?? event.message ?? ""}`);
      },
    });
    const ctx = {
      root,
      pkgRoot,
      dist,
      tmpDir,
      fixtures,
      node: process.execPath,
      target: sessionTarget(emu),
      stsUrl: emu.stsUrl,
      createSessionCount: () => createSessions,
    };
    for (const section of SECTIONS.filter((s) => only === undefined || s.name.toLowerCase().includes(only))) {
      const t0 = performance.now();
      log(`${section.name}…`);
      let produced = [];
      try {
        produced = await section.run(ctx);
      } catch (error) {
        log(`${section.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        produced = section.rows.map(([id, unit, goal]) => errorRow(id, section.name, `${section.name}: ${id}`, unit, goal, error));
      }
      const missing = section.rows.filter(([id]) => !produced.some((r) => r.id === id));
      for (const [id, unit, goal] of missing)
        produced.push(errorRow(id, section.name, `${section.name}: ${id}`, unit, goal, "row not produced"));
      rows.push(...produced);
      log(`${section.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await emu?.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
  const results = {
    schema: 1,
    date: new Date().toISOString(),
    commit: gitCommit(),
    uncommittedSourceFiles: uncommittedSources(),
    distBuiltAt,
    machine: {
      ...machineInfo(),
      loadAverage1mAtStart: Math.round(loadAtStart * 100) / 100,
      loadAverage1mAtEnd: Math.round(loadavg()[0] * 100) / 100,
    },
    versions: {
      "@aws-sdk/credential-providers": await versionOf("@aws-sdk/credential-providers"),
      "@aws-sdk/credential-provider-process": await versionOf("@aws-sdk/credential-provider-process"),
      esbuild: await versionOf("esbuild"),
    },
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    rows,
  };
  // `--only <name>` measures some sections for a quick look and leaves results.json alone.
  if (only === undefined) await writeFile(join(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTable(rows)}\n\n${renderMachine(results)}\n`);
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.id}: ${r.note}`);
  process.stdout.write(`\nNotes:\n${notes.join("\n")}\n`);
  if (only === undefined) log(`wrote bench/results.json in ${results.durationSeconds} s`);
  if (rows.some((r) => r.verdict === "error")) process.exitCode = 1;
};

/** `--only <text>`: run only the sections whose name contains the text (case-insensitive). */
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1]?.toLowerCase() : undefined;

/** `--print`: show the table of the committed bench/results.json without measuring anything. */
const printSaved = async () => {
  const results = JSON.parse(await readFile(join(root, "bench/results.json"), "utf8"));
  process.stdout.write(`${renderTable(results.rows)}\n\n${renderMachine(results)}\n`);
};

await (process.argv.includes("--print") ? printSaved() : main());
