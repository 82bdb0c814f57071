// CLI cold start: `roles-anywhere credential-process` (a full fetch from the local emulator) vs a
// bare `node -e 0`, interleaved in the same run. Diagnosis: the phases of a run, from the CLI's
// own `--debug` trace (ms since the process started), and the same comparison without
// NODE_EXTRA_CA_CERTS when the machine sets it.
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { describePhases, tracePhases, versusNode, withoutExtraCaCerts } from "../lib/startup.mjs";
import { round } from "../lib/stats.mjs";

const SECTION = "CLI cold start";
const PLAN = { warmup: 3, iterations: 30 };
const CLEAN_PLAN = { warmup: 2, iterations: 15 };

const credentialsPrinted = (stdout) => {
  if (!stdout.includes('"SessionToken"')) throw new Error("credential-process printed no credentials");
};

export const runColdStart = async (ctx) => {
  const cliArgs = [ctx.dist.cli, ...credentialProcessArgs(ctx.fixtures.leaves.rsa2048, ctx.target)];
  const { ours, baseline, ratio } = await versusNode(ctx, cliArgs, credentialsPrinted, PLAN);
  const phases = await tracePhases(ctx, cliArgs);
  const clean = await withoutExtraCaCerts(ctx, cliArgs, credentialsPrinted, CLEAN_PLAN);
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
  ];
};
