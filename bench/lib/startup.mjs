// CLI start-up measurements: a CLI run against `node -e 0`, interleaved, and where a run's time
// goes, from the CLI's own `--debug` output (every debug line carries the milliseconds since the
// process started and the CPU milliseconds used so far: `[debug +41.2ms cpu 35.0ms] …`).
import { run } from "./spawn.mjs";
import { interleaved, quantile, round, summarize } from "./stats.mjs";

/** The phases of a credential-process run, in order, by the debug line that ends each. */
const PHASES = [
  ["CLI code loaded, flags parsed", /credential-process started/],
  ["session flags and files checked", /flags and input files checked/],
  ["cache entry read", /cache (hit|miss)/],
  ["session code loaded", /getRolesAnywhereCredentials/],
  ["certificate and key loaded", /certificate and key loaded/],
  ["request signed", /CreateSession https?:\/\//],
  ["response received", /CreateSession answered/],
  ["credentials printed", /credentials printed/],
];
const LINE = /^\[debug \+([\d.]+)ms cpu ([\d.]+)ms\] (.*)$/;
const BOOTSTRAP = /Node bootstrap done at \+([\d.]+)ms/;

/**
 * Parses one run's stderr into `{ "Node bootstrap done": { ms }, <phase>: { ms, cpuMs }, … }`
 * (milliseconds since the process started, CPU milliseconds used by then).
 */
export const phasesOf = (stderr) => {
  const marks = {};
  for (const line of stderr.split("\n")) {
    const match = LINE.exec(line);
    if (!match) continue;
    const boot = BOOTSTRAP.exec(match[3]);
    if (boot) marks["Node bootstrap done"] ??= { ms: Number(boot[1]) };
    for (const [name, pattern] of PHASES) if (pattern.test(match[3])) marks[name] ??= { ms: Number(match[1]), cpuMs: Number(match[2]) };
  }
  return marks;
};

/** Runs `node <args> --debug` `runs` times; the median of each phase, in the order they happen. */
export const tracePhases = async (ctx, args, { runs = 7, env } = {}) => {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const { stderr } = await run(ctx.node, [...args, "--debug"], { cwd: ctx.root, ...(env ? { env } : {}) });
    if (!LINE.test(stderr.split("\n")[0] ?? "")) throw new Error(`no --debug trace from the CLI: ${stderr.slice(0, 200)}`);
    all.push(phasesOf(stderr));
  }
  const names = [...new Set(all.flatMap((marks) => Object.keys(marks)))];
  const median = (name, field) => {
    const values = all.map((m) => m[name]?.[field]).filter((v) => v !== undefined);
    return values.length ? round(quantile(values, 0.5)) : undefined;
  };
  const medians = names.map((name) => [
    name,
    { ms: median(name, "ms"), ...(median(name, "cpuMs") === undefined ? {} : { cpuMs: median(name, "cpuMs") }) },
  ]);
  return Object.fromEntries(medians.sort((a, b) => a[1].ms - b[1].ms));
};

/** `{ a: { ms: 1, cpuMs: 0.5 } }` → "a @1 (cpu 0.5)". */
export const describePhases = (phases) =>
  Object.entries(phases)
    .map(([name, { ms, cpuMs }]) => `${name} @${ms}${cpuMs === undefined ? "" : ` (cpu ${cpuMs})`}`)
    .join(", ");

/** process.env without NODE_EXTRA_CA_CERTS, or undefined when it is not set. */
export const envWithoutExtraCaCerts = () => {
  if (!process.env.NODE_EXTRA_CA_CERTS) return undefined;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
};

/**
 * `node <cliArgs>` (checked with `check(stdout)`) against `node -e 0`, interleaved, with `env`
 * (default: the bench's own). Returns both summaries and the ratio of the medians.
 */
export const versusNode = async (ctx, cliArgs, check, plan, env) => {
  const options = { cwd: ctx.root, ...(env ? { env } : {}) };
  const cli = async () => check((await run(ctx.node, cliArgs, options)).stdout);
  const bare = async () => {
    await run(ctx.node, ["-e", "0"], options);
  };
  const [cliSamples, bareSamples] = await interleaved([cli, bare], plan);
  const ours = summarize(cliSamples);
  const baseline = summarize(bareSamples);
  return { ours, baseline, ratio: ours.median / baseline.median };
};

/** What the same comparison gives without NODE_EXTRA_CA_CERTS, as text for a row's note ("" when it is not set). */
export const withoutExtraCaCerts = async (ctx, cliArgs, check, plan) => {
  const env = envWithoutExtraCaCerts();
  if (!env) return { text: "", details: null };
  const clean = await versusNode(ctx, cliArgs, check, plan, env);
  return {
    text:
      ` This machine sets NODE_EXTRA_CA_CERTS (${process.env.NODE_EXTRA_CA_CERTS}), which Node 20 parses at every start, so node -e 0 is slower than usual;` +
      ` without it (same run): ours ${round(clean.ours.median)} ms vs node -e 0 ${round(clean.baseline.median)} ms (${round(clean.ratio)}×, ${round(clean.ours.median - clean.baseline.median)} ms over bare Node).`,
    details: { oursMs: round(clean.ours.median), nodeMs: round(clean.baseline.median), ratio: round(clean.ratio) },
  };
};
