// Coalescing: 10,000 concurrent calls on a cold provider → CreateSession requests the emulator
// received (must be 1) and the time until all 10,000 have their credentials.
import { makeRow, verdict } from "../lib/row.mjs";
import { summarize, timeMs } from "../lib/stats.mjs";

const SECTION = "Coalescing";
const CALLS = 10_000;
const PLAN = { warmup: 2, iterations: 10 };

export const runCoalescing = async (ctx) => {
  const { fromRolesAnywhere } = await import(ctx.dist.index);
  const leaf = ctx.fixtures.leaves.p256;
  const init = { ...ctx.target, certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem };
  const times = [];
  const requests = [];
  for (let i = 0; i < PLAN.warmup + PLAN.iterations; i++) {
    const provider = fromRolesAnywhere(init);
    const before = ctx.createSessionCount();
    let results;
    const ms = await timeMs(async () => {
      results = await Promise.all(Array.from({ length: CALLS }, () => provider()));
    });
    const sent = ctx.createSessionCount() - before;
    // One session for all: every caller has a copy of the same credentials.
    if (results.some((r) => r.sessionToken !== results[0].sessionToken)) throw new Error("concurrent callers got different credentials");
    if (i >= PLAN.warmup) {
      times.push(ms);
      requests.push(sent);
    }
  }
  const worst = Math.max(...requests);
  return [
    makeRow({
      id: "coalescing.requests",
      section: SECTION,
      label: `Coalescing: CreateSession requests for ${CALLS.toLocaleString("en-US")} concurrent calls (cold provider)`,
      unit: "requests",
      ours: summarize(requests),
      goal: "exactly 1 request in every run",
      verdict: verdict(requests.every((n) => n === 1)),
      note: `counted by the emulator; per run: ${requests.join(", ")}`,
    }),
    makeRow({
      id: "coalescing.time",
      section: SECTION,
      label: `Coalescing: time until ${CALLS.toLocaleString("en-US")} concurrent calls resolve (cold provider)`,
      unit: "ms",
      ours: summarize(times),
      goal: null,
      verdict: "no goal",
      note: `P-256 leaf, one fetch from the local emulator; worst run sent ${worst} request(s)`,
    }),
  ];
};
