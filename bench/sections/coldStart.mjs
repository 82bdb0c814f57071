// CLI cold start: `roles-anywhere credential-process` (a full fetch from the local emulator) vs a
// bare `node -e 0`, interleaved in the same run.
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { run } from "../lib/spawn.mjs";
import { interleaved, summarize } from "../lib/stats.mjs";

const SECTION = "CLI cold start";
const PLAN = { warmup: 3, iterations: 20 };

export const runColdStart = async (ctx) => {
  const leaf = ctx.fixtures.leaves.rsa2048;
  const cliArgs = [ctx.dist.cli, ...credentialProcessArgs(leaf, ctx.target)];
  const cli = async () => {
    const { stdout } = await run(ctx.node, cliArgs, { cwd: ctx.root });
    if (!stdout.includes('"SessionToken"')) throw new Error("credential-process printed no credentials");
  };
  const bare = async () => {
    await run(ctx.node, ["-e", "0"], { cwd: ctx.root });
  };
  const [cliSamples, bareSamples] = await interleaved([cli, bare], PLAN);
  const ours = summarize(cliSamples);
  const baseline = summarize(bareSamples);
  const ratio = ours.median / baseline.median;
  return [
    makeRow({
      id: "coldStart.cli",
      section: SECTION,
      label: "CLI cold start: roles-anywhere credential-process vs node -e 0",
      unit: "ms",
      ours,
      baseline: { label: "node -e 0", ...baseline },
      ratio,
      goal: "≤ 1.5× node -e 0",
      verdict: verdict(ratio <= 1.5),
      note: "wall time spawn → exit, RSA-2048 leaf, full CreateSession against the local emulator",
    }),
  ];
};
