// Per-call time of a fast function: times batches and divides, median over rounds.
import { quantile } from "./stats.mjs";

/** Median microseconds per call of `fn` (sync or async), over `rounds` batches of `batch` calls. */
export const microsPerCall = async (fn, { batch = 500, rounds = 7 } = {}) => {
  const perCall = [];
  for (let r = 0; r < rounds + 1; r++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    const us = ((performance.now() - start) * 1000) / batch;
    if (r > 0) perCall.push(us); // round 0 warms up
  }
  return quantile(perCall, 0.5);
};
