// CLI cold start: `roles-anywhere credential-process` (a full fetch from the local emulator) vs a
// bare `node -e 0`, interleaved in the same run. Diagnosis: a phase probe (what each required
// package costs, when the first WebCrypto call and signature happen) and, as an experiment, the
// same CLI with its npm dependencies bundled in (esbuild), to show what bundling would win.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { run } from "../lib/spawn.mjs";
import { interleaved, quantile, round, summarize } from "../lib/stats.mjs";

const SECTION = "CLI cold start";
const PLAN = { warmup: 3, iterations: 30 };
const PROBE_RUNS = 7;
const BUNDLED_PLAN = { warmup: 2, iterations: 10 };
const PROBE = fileURLToPath(new URL("../lib/phaseProbe.cjs", import.meta.url));

const credentialsPrinted = (stdout) => {
  if (!stdout.includes('"SessionToken"')) throw new Error("credential-process printed no credentials");
};

/** Medians of the probe's numbers over several runs. */
const probePhases = async (ctx, cliArgs) => {
  const runs = [];
  for (let i = 0; i < PROBE_RUNS; i++) {
    const { stdout, stderr } = await run(ctx.node, ["-r", PROBE, ...cliArgs], { cwd: ctx.root });
    credentialsPrinted(stdout);
    const line = stderr.split("\n").find((l) => l.startsWith("BENCH-PROBE "));
    if (line) runs.push(JSON.parse(line.slice("BENCH-PROBE ".length)));
  }
  const medianOf = (pick) =>
    round(
      quantile(
        runs.map(pick).filter((v) => v !== undefined),
        0.5,
      ),
    );
  const moduleNames = [...new Set(runs.flatMap((r) => Object.keys(r.modules)))];
  const markNames = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))].sort(
    (a, b) => medianOf((r) => r.marks[a]) - medianOf((r) => r.marks[b]),
  );
  const cryptoNames = [...new Set(runs.flatMap((r) => Object.keys(r.crypto)))];
  return {
    nodeBootMs: medianOf((r) => r.bootMs),
    requireMsByPackage: Object.fromEntries(moduleNames.map((m) => [m, medianOf((r) => r.modules[m] ?? 0)])),
    webCrypto: Object.fromEntries(
      cryptoNames.map((m) => [m, { calls: medianOf((r) => r.crypto[m]?.calls ?? 0), ms: medianOf((r) => r.crypto[m]?.ms ?? 0) }]),
    ),
    msAfterBoot: {
      ...Object.fromEntries(markNames.map((m) => [m, medianOf((r) => r.marks[m])])),
      exit: medianOf((r) => r.exitAt),
    },
  };
};

/** The CLI built from src/cli.ts with every npm dependency bundled in (not minified, like dist). */
const bundleCli = async (ctx) => {
  const esbuild = await import("esbuild");
  const outfile = join(ctx.tmpDir, "cli-bundled.cjs");
  await esbuild.build({
    entryPoints: [join(ctx.root, "src/cli.ts")],
    absWorkingDir: ctx.root,
    bundle: true,
    format: "cjs",
    platform: "node",
    mainFields: ["module", "main"], // ESM builds of the dependencies, so unused code is shaken out
    target: "node20",
    outfile,
    logLevel: "silent",
    // Optional packages loaded lazily for PKCS#11 (native) and ML-DSA (ESM-only) stay external.
    external: ["pkcs11js", "@noble/post-quantum", "@noble/post-quantum/*"],
  });
  return outfile;
};

export const runColdStart = async (ctx) => {
  const leaf = ctx.fixtures.leaves.rsa2048;
  const args = credentialProcessArgs(leaf, ctx.target);
  const cliArgs = [ctx.dist.cli, ...args];
  const cli = async () => credentialsPrinted((await run(ctx.node, cliArgs, { cwd: ctx.root })).stdout);
  const bare = async () => {
    await run(ctx.node, ["-e", "0"], { cwd: ctx.root });
  };
  const [cliSamples, bareSamples] = await interleaved([cli, bare], PLAN);
  const ours = summarize(cliSamples);
  const baseline = summarize(bareSamples);
  const ratio = ours.median / baseline.median;

  const phases = await probePhases(ctx, cliArgs);
  let bundled;
  try {
    const bundledCli = await bundleCli(ctx);
    const [distAgain, bundledSamples, bareAgain] = await interleaved(
      [cli, async () => credentialsPrinted((await run(ctx.node, [bundledCli, ...args], { cwd: ctx.root })).stdout), bare],
      BUNDLED_PLAN,
    );
    bundled = {
      distCliMs: round(quantile(distAgain, 0.5)),
      bundledCliMs: round(quantile(bundledSamples, 0.5)),
      nodeMs: round(quantile(bareAgain, 0.5)),
    };
    bundled.bundledRatio = round(bundled.bundledCliMs / bundled.nodeMs);
  } catch (error) {
    bundled = { error: error instanceof Error ? error.message : String(error) };
  }
  const requires = Object.entries(phases.requireMsByPackage)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const marks = Object.entries(phases.msAfterBoot)
    .map(([k, v]) => `${k} @${v}`)
    .join(", ");
  const webCrypto = Object.entries(phases.webCrypto)
    .map(([k, v]) => `${k} ×${v.calls} ${v.ms} ms`)
    .join(", ");
  const bundledText = bundled.error
    ? `bundling experiment failed: ${bundled.error}`
    : `experiment — same CLI with npm deps bundled in (esbuild): ${bundled.bundledCliMs} ms vs dist ${bundled.distCliMs} ms, node -e 0 ${bundled.nodeMs} ms (${bundled.bundledRatio}×)`;
  return [
    makeRow({
      id: "coldStart.cli",
      section: SECTION,
      label: "CLI cold start (credential-process, full fetch) vs node -e 0",
      unit: "ms",
      ours,
      baseline: { label: "node -e 0", ...baseline },
      ratio,
      goal: "≤ 1.5× node -e 0",
      verdict: verdict(ratio <= 1.5),
      note:
        `wall time spawn → exit, RSA-2048 leaf, full CreateSession against the local emulator (in the bench process). ` +
        `Probe (median of ${PROBE_RUNS}): Node boot ${phases.nodeBootMs} ms before the CLI's first line; then requires (ms): ${requires}; ` +
        `timeline (ms after boot): ${marks}; crypto calls (time awaited): ${webCrypto}. ${bundledText}`,
      details: { phases, bundledExperiment: bundled },
    }),
  ];
};
