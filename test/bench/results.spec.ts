// Checks the committed bench/results.json (written by `npm run bench`) without running the
// benchmark: every row bench/README.md lists is there, with a numeric median and spread, and a verdict that
// agrees with its numbers.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Summary {
  median: number | null;
  p10: number | null;
  p90: number | null;
  n: number;
}
interface Row extends Summary {
  id: string;
  section: string;
  label: string;
  unit: string;
  baseline: (Summary & { label: string; unit: string }) | null;
  ratio: number | null;
  goal: string | null;
  verdict: string;
  note?: string;
}
interface Results {
  schema: number;
  date: string;
  machine: { cpu: string; cores: number; node: string };
  rows: Row[];
}

const results = JSON.parse(readFileSync(new URL("../../bench/results.json", import.meta.url), "utf8")) as Results;
const byId = new Map(results.rows.map((row) => [row.id, row]));

/** Every row of the benchmark (bench/README.md), with how its verdict follows from its numbers (undefined: no goal). */
const EXPECTED: Record<string, ((row: Row) => boolean) | undefined> = {
  "refresh.cli": (r) => r.ratio! >= 20,
  "refresh.signingHelper": undefined,
  "coldStart.cli": (r) => r.ratio! <= 1.5,
  "coldStart.floor": undefined,
  "cache.hit": (r) => r.ratio! <= 1.15,
  "cache.aws100.requests": (r) =>
    r.median === 1 && r.p10 === 1 && r.p90 === 1 && /Failed commands per run with --cache: 0(, 0)*;/.test(r.note ?? ""),
  "cache.aws100.time": undefined,
  "signing.rsa2048": (r) => r.ratio! <= 1.3,
  "signing.rsa4096": (r) => r.ratio! <= 1.3,
  "signing.p256": (r) => r.ratio! <= 1.3,
  "signing.p384": (r) => r.ratio! <= 1.3,
  "signing.p521": (r) => r.ratio! <= 1.3,
  "cached.call": (r) => r.ratio! <= 3,
  "coalescing.requests": (r) => r.median === 1 && r.p10 === 1 && r.p90 === 1,
  "coalescing.time": undefined,
  "size.core": (r) => r.median! <= 40,
  "size.pkijs": undefined, // its goal (lazy loading) is not a number in the row; checked for a verdict only
  "coldImport.esm": (r) => r.ratio! < 1,
  "coldImport.cjs": (r) => r.ratio! < 1,
  "emulator.rsa": undefined,
  "emulator.ec": undefined,
};
const WITH_GOAL = new Set([
  "refresh.cli",
  "coldStart.cli",
  "cache.hit",
  "cache.aws100.requests",
  "cached.call",
  "coalescing.requests",
  "size.core",
  "size.pkijs",
  "coldImport.esm",
  "coldImport.cjs",
]);
const WITH_BASELINE = [
  "refresh.cli",
  "coldStart.cli",
  "coldStart.floor",
  "cache.hit",
  "cache.aws100.time",
  "signing.rsa2048",
  "signing.rsa4096",
  "signing.p256",
  "signing.p384",
  "signing.p521",
  "cached.call",
  "coldImport.esm",
  "coldImport.cjs",
];

describe("bench/results.json", () => {
  it("states when and where it was measured", () => {
    expect(results.schema).toBe(1);
    expect(Number.isNaN(Date.parse(results.date))).toBe(false);
    expect(results.machine.cpu).toMatch(/\S/);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.node).toMatch(/^v\d+\./);
  });

  it("has every row of the benchmark, each once", () => {
    expect(results.rows.map((r) => r.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))("%s has a numeric median within its p10–p90 spread and a sample size", (id) => {
    const row = byId.get(id)!;
    for (const value of [row.median, row.p10, row.p90]) expect(Number.isFinite(value)).toBe(true);
    expect(row.p10!).toBeLessThanOrEqual(row.median!);
    expect(row.median!).toBeLessThanOrEqual(row.p90!);
    expect(row.n).toBeGreaterThan(0);
    expect(row.unit).toMatch(/\S/);
    expect(row.label).toMatch(/\S/);
  });

  it.each(WITH_BASELINE)("%s compares against a measured baseline and gives the ratio", (id) => {
    const row = byId.get(id)!;
    expect(row.baseline).not.toBeNull();
    expect(Number.isFinite(row.baseline!.median)).toBe(true);
    expect(Number.isFinite(row.ratio)).toBe(true);
  });

  it.each(Object.entries(EXPECTED))("%s has a verdict that agrees with its numbers", (id, meets) => {
    const row = byId.get(id)!;
    if (meets || WITH_GOAL.has(id)) {
      expect(row.goal).toMatch(/\S/);
      expect(["met", "NOT met"]).toContain(row.verdict);
      if (meets) expect(row.verdict).toBe(meets(row) ? "met" : "NOT met");
    } else {
      expect(row.goal).toBeNull();
      expect(["no goal", "not installed"]).toContain(row.verdict);
    }
  });

  it("counts the AWS CLI run without --cache beside the run with it", () => {
    const requests = byId.get("cache.aws100.requests")!;
    expect(requests.baseline?.label).toBe("without --cache");
    expect(requests.baseline!.median).toBeGreaterThan(1);
    expect(byId.get("cache.aws100.time")!.baseline?.label).toBe("without --cache");
  });

  it("says 'not installed' for aws_signing_helper rather than leaving the row out, or gives its numbers", () => {
    const row = byId.get("refresh.signingHelper")!;
    if (row.verdict === "not installed") expect(row.baseline).toBeNull();
    else expect(Number.isFinite(row.baseline?.median)).toBe(true);
  });
});
