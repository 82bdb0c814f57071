// Cold import: time to import() and to require() the package in a fresh Node process, vs
// @aws-sdk/credential-providers; plus, for diagnosis, the cold import of each package the core
// entry imports statically.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { makeRow, verdict } from "../lib/row.mjs";
import { run } from "../lib/spawn.mjs";
import { interleaved, round, summarize } from "../lib/stats.mjs";

const SECTION = "Cold import";
const PLAN = { warmup: 2, iterations: 15 };
const DIAGNOSIS = { warmup: 1, iterations: 7 };
const OURS = "credential-provider-roles-anywhere";
const THEIRS = "@aws-sdk/credential-providers";

const esmScript = (specifier) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
const cjsScript = (specifier) =>
  `const t = performance.now(); require(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;

/** Spawns a fresh `node` that imports `specifier` and reports how long the import took, in ms. */
const importTimer = (ctx, kind, specifier) => {
  const args = kind === "esm" ? ["--input-type=module", "-e", esmScript(specifier)] : ["-e", cjsScript(specifier)];
  const samples = [];
  const fn = async () => {
    const { stdout } = await run(ctx.node, args, { cwd: ctx.root });
    const ms = Number(stdout);
    if (!Number.isFinite(ms)) throw new Error(`import timer printed ${stdout}`);
    samples.push(ms);
  };
  return { fn, samples };
};

/** Times `timers` interleaved, keeping the in-child import times (not the spawn wall time). */
const measure = async (timers, plan) => {
  await interleaved(timers.map((t) => t.fn), plan);
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
  const entry = await readFile(join(ctx.root, "dist/index.js"), "utf8");
  const deps = [...entry.matchAll(/^import\s[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]).filter((d) => !d.startsWith("node:"));
  const depTimers = deps.map((dep) => importTimer(ctx, "esm", dep));
  const depSummaries = await measure(depTimers, DIAGNOSIS);
  const perDependency = Object.fromEntries(deps.map((dep, i) => [dep, round(depSummaries[i].median)]));
  const diagnosis = `alone (ESM, median ms): ${Object.entries(perDependency).map(([d, ms]) => `${d} ${ms}`).join(", ")}`;

  for (const [kind, ours, theirs] of [
    ["import()", oursEsm, theirsEsm],
    ["require()", oursCjs, theirsCjs],
  ]) {
    const ratio = ours.median / theirs.median;
    rows.push(
      makeRow({
        id: kind === "import()" ? "coldImport.esm" : "coldImport.cjs",
        section: SECTION,
        label: `Cold ${kind} of the package in a fresh Node process vs ${THEIRS}`,
        unit: "ms",
        ours,
        baseline: { label: `${kind} ${THEIRS}`, ...theirs },
        ratio,
        goal: `faster than ${THEIRS} (ratio < 1; the issue asks for "faster and lighter than the alternatives", no number)`,
        verdict: verdict(ratio < 1),
        note: `time of the ${kind} call alone, measured inside the child; static imports of dist/index.js ${diagnosis}`,
        details: { staticImportsAloneMs: perDependency },
      }),
    );
  }
  return rows;
};
