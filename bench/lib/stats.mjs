// Order statistics and timing helpers for the bench.

/** The q-quantile (0..1) of `values`, linear interpolation between order statistics. */
export const quantile = (values, q) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};

/** Median, p10 and p90 of a sample, plus its size. */
export const summarize = (values) => ({
  median: quantile(values, 0.5),
  p10: quantile(values, 0.1),
  p90: quantile(values, 0.9),
  n: values.length,
});

/** Milliseconds taken by `fn` (sync or async). */
export const timeMs = async (fn) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

/**
 * Runs `warmup` untimed then `iterations` timed calls of each function in `fns`, interleaved
 * (A B, B A, A B, …) so drift and ordering effects hit every variant alike.
 * Returns one array of millisecond samples per function.
 */
export const interleaved = async (fns, { warmup, iterations }) => {
  const samples = fns.map(() => []);
  for (let i = 0; i < warmup + iterations; i++) {
    const order = i % 2 === 0 ? fns.map((_, j) => j) : fns.map((_, j) => fns.length - 1 - j);
    for (const j of order) {
      const ms = await timeMs(fns[j]);
      if (i >= warmup) samples[j].push(ms);
    }
  }
  return samples;
};

/** Rounds to a sensible number of significant digits for the table and JSON. */
export const round = (value, digits = 3) => {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
};
