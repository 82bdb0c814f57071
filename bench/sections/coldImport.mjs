// Cold import: time to import() and to require() the package in a fresh Node process, vs
// @aws-sdk/credential-providers; plus, for diagnosis, the cold import of each package the core
// entry imports statically.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeRow, verdict } from "../lib/row.mjs";
import { run } from "../lib/spawn.mjs";
import { interleaved, round, summarize } from "../lib/stats.mjs";

const SECTION = "Cold import";
const PLAN = { warmup: 2, iterations: 20 };
const DIAGNOSIS = { warmup: 1, iterations: 7 };
const OURS = "credential-provider-roles-anywhere";
const THEIRS = "@aws-sdk/credential-providers";

/** src/index.ts bundled with its npm dependencies (Node builtins external), as ESM and CJS files. */
const bundleCore = async (ctx) => {
  const esbuild = await import("esbuild");
  const common = {
    entryPoints: [join(ctx.root, "src/index.ts")],
    absWorkingDir: ctx.root,
    bundle: true,
    platform: "node",
    mainFields: ["module", "main"],
    target: "node20",
    logLevel: "silent",
    // Optional packages loaded lazily for PKCS#11 (native) and ML-DSA (ESM-only) stay external.
    external: ["pkcs11js", "@noble/post-quantum", "@noble/post-quantum/*"],
  };
  const esm = join(ctx.tmpDir, "core-bundled.mjs");
  const cjs = join(ctx.tmpDir, "core-bundled.cjs");
  await esbuild.build({ ...common, format: "esm", outfile: esm });
  await esbuild.build({ ...common, format: "cjs", outfile: cjs });
  return { esm, cjs };
};

const esmScript = (specifier) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
const cjsScript = (specifier) =>
  `const t = performance.now(); require(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;

/** Spawns a fresh `node` that imports `specifier` and reports how long the import took, in ms. */
const importTimer = (ctx, kind, specifier) => {
  const args = kind === "esm" ? ["--input-type=module", "-e", esmScript(specifier)] : ["-e", cjsScript(specifier)];
  const samples = [];
  const fn = async () => {
    const { stdout } = await run(ctx.node, args, { cwd: ctx.pkgRoot });
    const ms = Number(stdout);
    if (!Number.isFinite(ms)) throw new Error(`import timer printed ${stdout}`);
    samples.push(ms);
  };
  return { fn, samples };
};

/** Times `timers` interleaved, keeping the in-child import times (not the spawn wall time). */
const measure = async (timers, plan) => {
  await interleaved(
    timers.map((t) => t.fn),
    plan,
  );
  return timers.map((t) => summarize(t.samples.slice(plan.warmup)));
};

export const runColdImport = async (ctx) => {
  const rows = [];
  const timers = [
    importTimer(ctx, "esm", OURS),
    importTimer(ctx, "esm", THEIRS),
    importTimer(ctx, "cjs", OURS),
    importTimer(ctx, "cjs", THEIRS),
  ];
  const [oursEsm, theirsEsm, oursCjs, theirsCjs] = await measure(timers, PLAN);

  // Diagnosis: what the core entry's static imports cost on their own.
  const entry = await readFile(join(ctx.pkgRoot, "dist/index.js"), "utf8");
  const deps = [...entry.matchAll(/^import\s[^'"]*from\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1])
    .filter((d) => /^[@a-z]/.test(d) && !d.startsWith("node:")); // packages, not own chunks
  // Experiment: the same entry with its npm dependencies bundled in (what a bundled dist would cost).
  const bundled = await bundleCore(ctx);
  const depTimers = [
    ...deps.map((dep) => importTimer(ctx, "esm", dep)),
    importTimer(ctx, "esm", pathToFileURL(bundled.esm).href),
    importTimer(ctx, "cjs", bundled.cjs),
  ];
  const depSummaries = await measure(depTimers, DIAGNOSIS);
  const perDependency = Object.fromEntries(deps.map((dep, i) => [dep, round(depSummaries[i].median)]));
  const bundledMs = { esm: round(depSummaries[deps.length].median), cjs: round(depSummaries[deps.length + 1].median) };
  const diagnosis =
    `static imports of dist/index.js alone (ESM, median ms): ${Object.entries(perDependency)
      .map(([d, ms]) => `${d} ${ms}`)
      .join(", ")}; ` +
    `experiment — src/index.ts with npm deps bundled in (esbuild, not minified): import() ${bundledMs.esm} ms, require() ${bundledMs.cjs} ms`;

  for (const [kind, ours, theirs] of [
    ["import()", oursEsm, theirsEsm],
    ["require()", oursCjs, theirsCjs],
  ]) {
    const ratio = ours.median / theirs.median;
    rows.push(
      makeRow({
        id: kind === "import()" ? "coldImport.esm" : "coldImport.cjs",
        section: SECTION,
        label: `Cold ${kind} in a fresh Node process vs ${THEIRS}`,
        unit: "ms",
        ours,
        baseline: { label: `${kind} ${THEIRS}`, ...theirs },
        ratio,
        goal: `< 1× (faster than the SDK's own providers)`,
        verdict: verdict(ratio < 1),
        note: `time of the ${kind} call alone, measured inside the child; ${diagnosis}`,
        details: { staticImportsAloneMs: perDependency, bundledExperimentMs: bundledMs },
      }),
    );
  }
  return rows;
};
