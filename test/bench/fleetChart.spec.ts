/**
 * The SVG chart of `npm run bench:fleet` (bench/lib/fleet/chart.mjs), and the committed results it
 * was drawn from (bench/fleet-results.json, bench/fleet-*.svg): checked without running the
 * simulation.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderFleetChart } from "../../bench/lib/fleet/chart.mjs";
import type { FleetResult } from "../../bench/lib/fleet/simulate.mjs";

const minutes = (hours: number, at: (minute: number) => number) => Array.from({ length: hours * 60 }, (_, m) => at(m));

const chart = () =>
  renderFleetChart({
    title: "3 workloads <& a quota>",
    hours: 2,
    quota: 10,
    panels: [
      {
        label: "Before",
        requests: minutes(2, (m) => (m === 0 ? 500 : m % 60 === 55 ? 20 : 0)),
        throttled: minutes(2, (m) => (m === 0 ? 490 : 0)),
      },
      { label: "After", requests: minutes(2, (m) => (m === 0 ? 500 : 0.5)), throttled: minutes(2, () => 0) },
    ],
  });

/** Every element opened is closed, in order (the renderer writes no comments, CDATA or entities but the three escapes). */
const wellFormed = (svg: string): boolean => {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name!);
  }
  return stack.length === 0;
};

describe("fleet chart", () => {
  it("is a well-formed SVG document with one panel per run, each with its label, the quota line and both areas", () => {
    const svg = chart();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain(">Before</text>");
    expect(svg).toContain(">After</text>");
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg.match(/>quota 10\/s</g)).toHaveLength(2);
    expect(svg.match(/<path d="M/g)).toHaveLength(4);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it("escapes text", () => {
    expect(chart()).toContain("3 workloads &lt;&amp; a quota&gt;");
  });

  it("draws a logarithmic axis from 0.01 up to a decade above the peak (or 10× the quota)", () => {
    const svg = chart();
    const ticks = [...svg.matchAll(/text-anchor="end" fill="#555">([\d.,]+)</g)].map((m) => m[1]);
    expect(ticks.slice(0, 6)).toEqual(["0.01", "0.1", "1", "10", "100", "1,000"]);
    expect(ticks).toHaveLength(12);
  });

  it("is deterministic: the same numbers give the same bytes", () => {
    expect(chart()).toBe(chart());
  });
});

interface FleetResults {
  quota: { rate: number; burst: number };
  hours: number;
  runs: Omit<FleetResult, "perMinute">[];
}

describe("the committed fleet results (bench/fleet-results.json)", () => {
  const results = JSON.parse(readFileSync(new URL("../../bench/fleet-results.json", import.meta.url), "utf8")) as FleetResults;

  it("hold both fleet sizes, before and after the jitter, over 24 hours at AWS's default quota", () => {
    expect(results.quota).toEqual({ rate: 10, burst: 10 });
    expect(results.hours).toBe(24);
    expect(results.runs.map((r) => [r.workloads, r.jitter])).toEqual([
      [1000, false],
      [1000, true],
      [10000, false],
      [10000, true],
    ]);
  });

  it("meet the goals: every workload got credentials and none was ever without them afterwards", () => {
    for (const run of results.runs) {
      expect(run.neverGotCredentials).toBe(0);
      expect(run.coldStartFailures).toBe(0);
      expect(run.workloadsWithGaps).toBe(0);
    }
  });

  it("show what the jitter is for: fewer throttled refreshes after the cold start", () => {
    for (const n of [1000, 10000]) {
      const [fixed, jittered] = [false, true].map((jitter) => results.runs.find((r) => r.workloads === n && r.jitter === jitter)!);
      expect(jittered!.throttledAfterFirstHour).toBeLessThan(fixed!.throttledAfterFirstHour);
      expect(jittered!.throttledPerHour.slice(12)).toEqual(Array(12).fill(0)); // drifted apart for good
      expect(fixed!.throttledPerHour.reduce((a, b) => a + b, 0)).toBe(fixed!.throttled);
    }
  });

  it("come with their charts", () => {
    for (const n of [1000, 10000]) {
      const svg = readFileSync(new URL(`../../bench/fleet-${n}.svg`, import.meta.url), "utf8");
      expect(wellFormed(svg)).toBe(true);
      expect(svg).toContain(`${n.toLocaleString("en-US")} workloads`);
    }
  });
});
