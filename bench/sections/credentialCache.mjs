// credential-process --cache: a cache hit against `node -e 0`, and 100 concurrent AWS CLI commands
// (`aws sts get-caller-identity`, credential_process = our CLI) against the local emulator, with
// and without --cache: how many CreateSession requests the emulator received, and the wall time
// until all 100 commands have exited.
import { mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { run } from "../lib/spawn.mjs";
import { describePhases, tracePhases, versusNode, withoutExtraCaCerts } from "../lib/startup.mjs";
import { round, summarize } from "../lib/stats.mjs";
import { findOnPath } from "../lib/which.mjs";

const SECTION = "Credential cache";
const PLAN = { warmup: 3, iterations: 30 };
const CLEAN_PLAN = { warmup: 2, iterations: 15 };
const AWS_COMMANDS = 100;
const AWS_RUNS = 2;

const quote = (s) => `"${s.replace(/(["\\$`])/g, "\\$1")}"`;

/** The cache-hit row. */
export const runCacheHit = async (ctx) => [await hitRow(ctx)];

/** The two rows of 100 concurrent AWS CLI commands. */
export const runCacheAwsCli = (ctx) => awsRows(ctx);

const hitRow = async (ctx) => {
  const cacheDir = await mkdtemp(join(ctx.tmpDir, "cache-hit-"));
  const cliArgs = [ctx.dist.cli, ...credentialProcessArgs(ctx.fixtures.leaves.rsa2048, ctx.target), "--cache", "--cache-dir", cacheDir];
  await run(ctx.node, cliArgs, { cwd: ctx.root }); // the one miss: fetches and stores the entry
  const requestsBefore = ctx.createSessionCount();
  const printed = (stdout) => {
    if (!stdout.includes('"SessionToken"')) throw new Error("credential-process --cache printed no credentials");
  };
  const { ours, baseline, ratio } = await versusNode(ctx, cliArgs, printed, PLAN);
  const phases = await tracePhases(ctx, cliArgs);
  const clean = await withoutExtraCaCerts(ctx, cliArgs, printed, CLEAN_PLAN);
  const misses = ctx.createSessionCount() - requestsBefore;
  if (misses !== 0) throw new Error(`the cache missed ${misses} times during the hit measurements`);
  return makeRow({
    id: "cache.hit",
    section: SECTION,
    label: "credential-process --cache, cache hit, vs node -e 0",
    unit: "ms",
    ours,
    baseline: { label: "node -e 0", ...baseline },
    ratio,
    goal: "≤ 1.15× node -e 0",
    verdict: verdict(ratio <= 1.15),
    note:
      `wall time spawn → exit, RSA-2048 leaf, entry valid for about an hour (no request made: checked); ` +
      `${round(ours.median - baseline.median)} ms over bare Node. Phases (--debug trace: ms since the process started, and CPU ms used by then; median of 7): ${describePhases(phases)}.` +
      clean.text,
    details: { phases, withoutExtraCaCerts: clean.details },
  });
};

/** Runs `command args` and resolves with whether it exited 0 and its output (never rejects on a failed exit). */
const attempt = (command, args, env) =>
  run(command, args, { env }).then(
    ({ stdout }) => ({ ok: true, stdout, stderr: "" }),
    (error) => ({ ok: false, stdout: "", stderr: error instanceof Error ? error.message : String(error) }),
  );

/**
 * 100 concurrent `aws sts get-caller-identity` with `profile`: CreateSession requests, wall time,
 * and how many commands failed (100 processes of the AWS CLI and as many of ours on a small
 * machine can starve each other past the 5 s timeouts; a failure is counted, not thrown).
 */
const hundredCommands = async (ctx, aws, env, profile) => {
  const before = ctx.createSessionCount();
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: AWS_COMMANDS }, () =>
      attempt(aws, ["sts", "get-caller-identity", "--profile", profile, "--endpoint-url", ctx.stsUrl, "--output", "json"], env),
    ),
  );
  const ms = performance.now() - started;
  const failed = results.filter((r) => !r.ok || !/"Arn": "arn:aws:sts::\d{12}:assumed-role\//.test(r.stdout));
  return { ms, requests: ctx.createSessionCount() - before, failed: failed.length, firstFailure: failed[0]?.stderr.slice(0, 240) };
};

const awsRows = async (ctx) => {
  const aws = await findOnPath("aws");
  const rowOf = (id, label, unit, fields) => makeRow({ id, section: SECTION, label, unit, ...fields });
  const requestsLabel = `CreateSession requests for ${AWS_COMMANDS} concurrent aws sts get-caller-identity (credential_process = credential-process --cache)`;
  const timeLabel = `Wall time of ${AWS_COMMANDS} concurrent aws sts get-caller-identity, with --cache vs without`;
  if (!aws) {
    const missing = {
      verdict: "not installed",
      note: "the AWS CLI (aws) is not on the PATH; install it (apt-get install awscli) and re-run to fill this row",
    };
    return [
      rowOf("cache.aws100.requests", requestsLabel, "requests", { goal: "exactly 1 in every run", ...missing }),
      rowOf("cache.aws100.time", timeLabel, "ms", { goal: null, ...missing }),
    ];
  }
  const leaf = ctx.fixtures.leaves.rsa2048;
  const config = join(ctx.tmpDir, "aws-config-cache");
  const env = {
    ...process.env,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(ctx.tmpDir, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
  const command = (extra) => [ctx.node, ctx.dist.cli, ...credentialProcessArgs(leaf, ctx.target), ...extra].map(quote).join(" ");
  const withCache = [];
  const without = [];
  for (let i = 0; i < AWS_RUNS; i++) {
    // A fresh cache directory for every run: each run starts cold and must make exactly one request.
    const cacheDir = await mkdtemp(join(ctx.tmpDir, "cache-aws-"));
    await writeFile(
      config,
      `[profile bench-cache]\nregion = us-east-1\ncredential_process = ${command(["--cache", "--cache-dir", cacheDir])}\n` +
        `[profile bench-nocache]\nregion = us-east-1\ncredential_process = ${command([])}\n`,
    );
    withCache.push(await hundredCommands(ctx, aws, env, "bench-cache"));
    without.push(await hundredCommands(ctx, aws, env, "bench-nocache"));
  }
  const requests = summarize(withCache.map((r) => r.requests));
  const time = summarize(withCache.map((r) => r.ms));
  const timeWithout = summarize(without.map((r) => r.ms));
  return [
    rowOf("cache.aws100.requests", requestsLabel, "requests", {
      ours: requests,
      baseline: { label: "without --cache", ...summarize(without.map((r) => r.requests)) },
      goal: "exactly 1 in every run",
      verdict: verdict(withCache.every((r) => r.requests === 1 && r.failed === 0)),
      note:
        `${AWS_RUNS} runs, each with an empty cache directory; requests counted at the emulator. Requests per run with --cache: ${withCache.map((r) => r.requests).join(", ")}; without: ${without.map((r) => r.requests).join(", ")}. ` +
        `Failed commands per run with --cache: ${withCache.map((r) => r.failed).join(", ")}; without: ${without.map((r) => r.failed).join(", ")}` +
        ([...withCache, ...without].find((r) => r.firstFailure)
          ? ` (first failure: ${[...withCache, ...without].find((r) => r.firstFailure).firstFailure})`
          : ""),
    }),
    rowOf("cache.aws100.time", timeLabel, "ms", {
      ours: time,
      baseline: { label: "without --cache", ...timeWithout },
      ratio: time.median / timeWithout.median,
      goal: null,
      verdict: "no goal",
      note: `from starting the ${AWS_COMMANDS} aws processes to the last exit, ${AWS_RUNS} runs each (runs interleaved); ${aws}`,
    }),
  ];
};
