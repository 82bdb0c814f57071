// `npm run bench:fleet`: the fleet simulation of bench/README.md ("Fleet"). 1,000 and 10,000
// workloads start within one second against AWS's default CreateSession quota (10 per second) and
// run for 24 simulated hours with one-hour credentials, once with the refresh point pinned at 5
// minutes before expiry (before the jitter) and once jittered. It runs the built dist/ (building it
// when missing) on a virtual clock in this one process, takes a few minutes on 2 cores, and writes
// bench/fleet-results.json and the charts bench/fleet-1000.svg and bench/fleet-10000.svg.
// `--workloads 1000` runs one fleet size and writes nothing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderFleetChart } from "./lib/fleet/chart.mjs";
import { simulateFleet } from "./lib/fleet/simulate.mjs";
import { createCa, issueLeaf } from "./lib/pki.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (message) => process.stderr.write(`bench:fleet: ${message}\n`);

/** AWS's default CreateSession quota (10 per second per region, adjustable); AWS documents no burst. */
export const QUOTA = { rate: 10, burst: 10 };
export const FLEETS = [1_000, 10_000];
export const HOURS = 24;
const SEED = 1;

const ensureBuilt = () => {
  if (["dist/index.js", "dist/emulator.js"].every((f) => existsSync(join(root, f)))) return;
  log("dist/ is missing: running npm run build");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error("npm run build failed");
};

const seconds = (value) => (value === null ? "—" : `${value.toFixed(value < 10 ? 1 : 0)} s`);
const count = (value) => value.toLocaleString("en-US");

/** One Markdown row per run. */
const renderTable = (runs) =>
  [
    "| Workloads | Refresh point | First credentials p50 / p99 / max | Ever without credentials after the first | Peak requests/s (after the first hour) | Throttled (after the first hour) | Requests: accepted / all vs ideal |",
    "|---|---|---|---|---|---|---|",
    ...runs.map(
      (r) =>
        `| ${count(r.workloads)} | ${r.jitter ? "jittered, 15–5 min before expiry" : "fixed, 5 min before expiry"} | ${seconds(r.firstCredentialsSeconds.p50)} / ${seconds(r.firstCredentialsSeconds.p99)} / ${seconds(r.firstCredentialsSeconds.max)} | ${count(r.workloadsWithGaps)} | ${count(r.peakRequestsPerSecond)} (${count(r.peakRequestsPerSecondAfterFirstHour)}) | ${count(r.throttled)} (${count(r.throttledAfterFirstHour)}) | ${count(r.accepted)} / ${count(r.requests)} vs ${count(r.ideal)} (${(r.accepted / r.ideal).toFixed(2)}× / ${(r.requests / r.ideal).toFixed(2)}×) |`,
    ),
  ].join("\n");

const main = async () => {
  const only = process.argv.indexOf("--workloads");
  const fleets = only > 0 ? [Number(process.argv[only + 1])] : FLEETS;
  if (fleets.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--workloads needs a whole number");
  ensureBuilt();
  const { fromRolesAnywhere } = await import(pathToFileURL(join(root, "dist/index.js")).href);
  const { createTokenBucket } = await import(pathToFileURL(join(root, "dist/emulator.js")).href);
  const ca = await createCa({ type: "EC", curve: "P-256" }, "Fleet CA");
  const { certificatePem } = await issueLeaf(ca, { type: "EC", curve: "P-256" }, "fleet-workload");
  const started = performance.now();
  const runs = [];
  const charts = [];
  for (const workloads of fleets) {
    const panels = [];
    for (const jitter of [false, true]) {
      const t0 = performance.now();
      const result = await simulateFleet({
        lib: { fromRolesAnywhere, createTokenBucket },
        certificatePem,
        workloads,
        quota: QUOTA,
        hours: HOURS,
        jitter,
        seed: SEED,
      });
      log(
        `${count(workloads)} workloads, ${jitter ? "jittered" : "fixed"} refresh point: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const { perMinute, ...summary } = result;
      runs.push(summary);
      panels.push({
        label: jitter
          ? "After: refresh point drawn between 15 and 5 minutes before expiry"
          : "Before: refresh point fixed at 5 minutes before expiry",
        requests: perMinute.requests,
        throttled: perMinute.requests.map((all, i) => all - perMinute.accepted[i]),
      });
    }
    charts.push({
      file: `bench/fleet-${workloads}.svg`,
      svg: renderFleetChart({
        title: `${count(workloads)} workloads start within 1 s; 24 simulated hours of 1-hour credentials; quota ${QUOTA.rate}/s (burst ${QUOTA.burst})`,
        hours: HOURS,
        quota: QUOTA.rate,
        panels,
      }),
    });
  }
  const table = renderTable(runs);
  process.stdout.write(`${table}\n`);
  if (only > 0) return;
  const results = {
    schema: 1,
    date: new Date().toISOString(),
    node: process.version,
    seed: SEED,
    quota: QUOTA,
    hours: HOURS,
    realSeconds: Math.round((performance.now() - started) / 100) / 10,
    runs,
  };
  await writeFile(join(root, "bench/fleet-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  for (const chart of charts) await writeFile(join(root, chart.file), chart.svg);
  log(`wrote bench/fleet-results.json and ${charts.map((c) => c.file).join(", ")} in ${results.realSeconds} s`);
};

await main();
