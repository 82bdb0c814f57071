// CLI cold start: `roles-anywhere credential-process` (a full fetch from the local emulator) vs a
// bare `node -e 0`, interleaved in the same run. Diagnosis: the phases of a run, from the CLI's
// own `--debug` trace (ms since the process started), the same comparison without
// NODE_EXTRA_CA_CERTS when the machine sets it, and a floor: the minimal client of
// lib/minimalClient.cjs (no checks at all) against `node -e 0` in the same way.
import { fileURLToPath } from "node:url";
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { describePhases, tracePhases, versusNode, withoutExtraCaCerts } from "../lib/startup.mjs";
import { round } from "../lib/stats.mjs";

const SECTION = "CLI cold start";
// 60 pairs: with 30, the median of a ratio near the goal moved by ±0.06 between runs on an idle 2-core machine.
const PLAN = { warmup: 3, iterations: 60 };
const CLEAN_PLAN = { warmup: 2, iterations: 15 };

const credentialsPrinted = (stdout) => {
  if (!stdout.includes('"SessionToken"')) throw new Error("credential-process printed no credentials");
};

export const runColdStart = async (ctx) => {
  const cliArgs = [ctx.dist.cli, ...credentialProcessArgs(ctx.fixtures.leaves.rsa2048, ctx.target)];
  const { ours, baseline, ratio } = await versusNode(ctx, cliArgs, credentialsPrinted, PLAN);
  const phases = await tracePhases(ctx, cliArgs);
  const clean = await withoutExtraCaCerts(ctx, cliArgs, credentialsPrinted, CLEAN_PLAN);
  const floorArgs = [fileURLToPath(new URL("../lib/minimalClient.cjs", import.meta.url)), ...cliArgs.slice(1)];
  const floor = await versusNode(ctx, floorArgs, credentialsPrinted, PLAN);
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
        `wall time spawn → exit, RSA-2048 leaf, full CreateSession against the local emulator (in the bench process); ` +
        `${round(ours.median - baseline.median)} ms over bare Node. Phases (--debug trace: ms since the process started, and CPU ms used by then; median of 7): ${describePhases(phases)}.` +
        clean.text,
      details: { phases, withoutExtraCaCerts: clean.details },
    }),
    makeRow({
      id: "coldStart.floor",
      section: SECTION,
      label: "Floor: a minimal CreateSession client (bench/lib/minimalClient.cjs, no checks) vs node -e 0",
      unit: "ms",
      ours: floor.ours,
      baseline: { label: "node -e 0", ...floor.baseline },
      ratio: floor.ratio,
      goal: null,
      verdict: "no goal",
      note:
        `the least a Node program does for the same credentials (node:crypto, node:http, the emulator's answer), measured like the row above; ` +
        `${round(floor.ours.median - floor.baseline.median)} ms over bare Node, against the CLI's ${round(ours.median - baseline.median)} ms`,
    }),
  ];
};
