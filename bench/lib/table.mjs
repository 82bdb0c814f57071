// Renders result rows as a Markdown table (printed by `npm run bench`, pasted into the README).

const num = (v) =>
  v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 3 }) : String(v);

const cell = (s) => {
  if (s.unit === undefined || s.median === null) return "—";
  return s.n === 1 ? `${num(s.median)} ${s.unit}` : `${num(s.median)} ${s.unit} (${num(s.p10)}–${num(s.p90)})`;
};

const verdictText = (v) => (v === "met" ? "✅ met" : v === "NOT met" ? "❌ NOT met" : v);

/** One Markdown table of every row, in order. */
export const renderTable = (rows) => {
  const header = ["Measurement", "Ours: median (p10–p90)", "Baseline: median (p10–p90)", "Ratio", "Goal", "Verdict"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const baseline = r.baseline ? `${r.baseline.label}: ${cell(r.baseline)}` : r.verdict === "not installed" ? "not installed" : "—";
    const cells = [
      r.label,
      cell(r),
      baseline,
      r.ratio === null ? "—" : r.ratioOf === "baseline ÷ ours" ? `${num(r.ratio)}× faster` : `${num(r.ratio)}×`,
      r.goal ?? "no goal",
      verdictText(r.verdict),
    ];
    lines.push(`| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`);
  }
  return lines.join("\n");
};

/** The machine line under the table. */
export const renderMachine = ({ date, machine }) =>
  `Measured ${date.slice(0, 10)} ${date.slice(11, 16)} UTC on ${machine.cpu} (${machine.cores} cores), ${machine.memoryGb} GB RAM, ${machine.os}, Node ${machine.node}` +
  ` (1-minute load average ${machine.loadAverage1mAtStart} at start, ${machine.loadAverage1mAtEnd} at end).`;
