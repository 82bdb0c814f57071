// One row of the results table / results.json.
import { round } from "./stats.mjs";

const roundSummary = (s) => (s ? { median: round(s.median), p10: round(s.p10), p90: round(s.p90), n: s.n } : null);

/**
 * Builds a result row. `ours` is the measured summary (median/p10/p90/n); `baseline` the
 * comparison's summary with its label (or null); `verdict` is "met", "NOT met", or a word
 * saying why there is no verdict ("no goal", "not installed").
 */
export const makeRow = ({
  id,
  section,
  label,
  unit,
  ours,
  baseline = null,
  ratio = null,
  ratioOf = "ours ÷ baseline",
  goal = null,
  verdict,
  note,
  details,
}) => ({
  id,
  section,
  label,
  unit,
  ...roundSummary(ours),
  baseline: baseline ? { label: baseline.label, unit: baseline.unit ?? unit, ...roundSummary(baseline) } : null,
  ratio: ratio === null ? null : round(ratio),
  ...(ratio === null ? {} : { ratioOf }),
  goal,
  verdict,
  ...(note ? { note } : {}),
  ...(details ? { details } : {}),
});

export const verdict = (pass) => (pass ? "met" : "NOT met");

/** A row for a section that threw: shown, never dropped. */
export const errorRow = (id, section, label, unit, goal, error) => ({
  id,
  section,
  label,
  unit,
  median: null,
  p10: null,
  p90: null,
  n: 0,
  baseline: null,
  ratio: null,
  goal,
  verdict: "error",
  note: `the bench failed here: ${error instanceof Error ? error.message : String(error)}`,
});
