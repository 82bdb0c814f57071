// Cached call: `await provider()` on warm credentials vs `await Promise.resolve(obj)`.
// One call is far below timer resolution, so each sample times a batch and divides.
import { makeRow, verdict } from "../lib/row.mjs";
import { interleaved, round, summarize } from "../lib/stats.mjs";

const SECTION = "Cached call";
const BATCH = 5_000;
const PLAN = { warmup: 10, iterations: 100 };

export const runCached = async (ctx) => {
  const { fromRolesAnywhere } = await import(ctx.dist.index);
  const leaf = ctx.fixtures.leaves.p256;
  const provider = fromRolesAnywhere({ ...ctx.target, certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem });
  const warm = await provider();
  const obj = { ...warm };
  const viaProvider = async () => {
    for (let i = 0; i < BATCH; i++) {
      const identity = await provider();
      // Each caller gets its own copy (the SDK adds fields to what it is given): same credentials, new object.
      if (identity.sessionToken !== warm.sessionToken) throw new Error("the cached provider returned other credentials");
    }
  };
  const viaPromise = async () => {
    for (let i = 0; i < BATCH; i++) {
      const identity = await Promise.resolve(obj);
      if (identity !== obj) throw new Error("unreachable");
    }
  };
  // Reference points for diagnosis: the floor of any `async` provider, and one that reads a clock.
  const asyncReturn = async () => obj;
  const asyncWithClock = async () => (new Date().getTime() > 0 ? obj : undefined);
  const asyncWithDateNow = async () => (Date.now() > 0 ? obj : undefined);
  const viaAsyncDateNow = async () => {
    for (let i = 0; i < BATCH; i++) await asyncWithDateNow();
  };
  const viaAsync = async () => {
    for (let i = 0; i < BATCH; i++) await asyncReturn();
  };
  const viaAsyncClock = async () => {
    for (let i = 0; i < BATCH; i++) await asyncWithClock();
  };
  const [providerSamples, promiseSamples, asyncSamples, clockSamples, dateNowSamples] = await interleaved(
    [viaProvider, viaPromise, viaAsync, viaAsyncClock, viaAsyncDateNow],
    PLAN,
  );
  const perCallNs = (ms) => (ms * 1e6) / BATCH;
  const ours = summarize(providerSamples.map(perCallNs));
  const baseline = summarize(promiseSamples.map(perCallNs));
  const ratio = ours.median / baseline.median;
  const asyncFloor = summarize(asyncSamples.map(perCallNs)).median;
  const asyncClock = summarize(clockSamples.map(perCallNs)).median;
  const asyncDateNow = summarize(dateNowSamples.map(perCallNs)).median;
  return [
    makeRow({
      id: "cached.call",
      section: SECTION,
      label: "Cached call: await provider() vs await Promise.resolve(obj)",
      unit: "ns/call",
      ours,
      baseline: { label: "await Promise.resolve(obj)", ...baseline },
      ratio,
      goal: "≤ 3×",
      verdict: verdict(ratio <= 3),
      note:
        `each sample = one batch of ${BATCH.toLocaleString("en-US")} sequential awaits; reference points (median ns/call): ` +
        `await of an async function returning obj ${round(asyncFloor)} (${round(asyncFloor / baseline.median)}×), ` +
        `the same reading new Date() first ${round(asyncClock)} (${round(asyncClock / baseline.median)}×), ` +
        `the same reading Date.now() first ${round(asyncDateNow)} (${round(asyncDateNow / baseline.median)}×)`,
      details: {
        asyncFunctionNs: round(asyncFloor),
        asyncFunctionWithNewDateNs: round(asyncClock),
        asyncFunctionWithDateNowNs: round(asyncDateNow),
      },
    }),
  ];
};
