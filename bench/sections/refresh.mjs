// Refresh cost: a full credential fetch from the local emulator, in process (a fresh provider per
// call) vs through credential_process (@aws-sdk/credential-provider-process running our CLI, and
// aws_signing_helper when env GO_HELPER names it or it is on the PATH).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { credentialProcessArgs } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { summarize, timeMs } from "../lib/stats.mjs";
import { findSigningHelper } from "../lib/which.mjs";

const SECTION = "Refresh cost";
const IN_PROCESS = { warmup: 10, iterations: 60 };
const SUBPROCESS = { warmup: 3, iterations: 25 };

const quote = (s) => `"${s.replace(/(["\\$`])/g, "\\$1")}"`;

const samplesOf = async (fn, { warmup, iterations }) => {
  const out = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const ms = await timeMs(fn);
    if (i >= warmup) out.push(ms);
  }
  return out;
};

/** Times `fromProcess({ profile })()` with a fresh provider per call, after checking it works. */
const viaCredentialProcess = async (fromProcess, profile) => {
  const fetchOnce = async () => {
    const identity = await fromProcess({ profile })();
    if (!identity.accessKeyId || !identity.sessionToken) throw new Error(`credential_process profile ${profile} returned no credentials`);
  };
  return summarize(await samplesOf(fetchOnce, SUBPROCESS));
};

export const runRefresh = async (ctx) => {
  const { fromRolesAnywhere } = await import(ctx.dist.index);
  const { fromProcess } = await import("@aws-sdk/credential-provider-process");
  const leaf = ctx.fixtures.leaves.rsa2048;
  const init = { ...ctx.target, certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem };

  const inProcess = summarize(
    await samplesOf(async () => {
      const identity = await fromRolesAnywhere(init)();
      if (!identity.sessionToken) throw new Error("no credentials in process");
    }, IN_PROCESS),
  );

  const found = await findSigningHelper();
  const helper = found.path;
  const configFile = join(ctx.tmpDir, "aws-config");
  const ourCommand = [ctx.node, ctx.dist.cli, ...credentialProcessArgs(leaf, ctx.target)].map(quote).join(" ");
  const helperCommand = helper ? [helper, ...credentialProcessArgs(leaf, ctx.target)].map(quote).join(" ") : undefined;
  await writeFile(
    configFile,
    `[profile bench-cli]\ncredential_process = ${ourCommand}\n` +
      (helperCommand ? `[profile bench-helper]\ncredential_process = ${helperCommand}\n` : ""),
  );
  const savedEnv = { AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE };
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(ctx.tmpDir, "no-credentials");
  try {
    return await subprocessRows(ctx, fromProcess, inProcess, helper, found.problem);
  } finally {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

/** The credential_process rows (our CLI, and aws_signing_helper when installed). */
const subprocessRows = async (ctx, fromProcess, inProcess, helper, helperProblem) => {
  const cli = await viaCredentialProcess(fromProcess, "bench-cli");
  const cliRatio = cli.median / inProcess.median;
  const rows = [
    makeRow({
      id: "refresh.cli",
      section: SECTION,
      label: "Refresh, in process (fresh provider per call) vs our CLI via credential_process",
      unit: "ms",
      ours: inProcess,
      baseline: { label: "our CLI via @aws-sdk/credential-provider-process", ...cli },
      ratio: cliRatio,
      ratioOf: "baseline ÷ ours",
      goal: "in-process ≥ 20× faster",
      verdict: verdict(cliRatio >= 20),
      note:
        "RSA-2048 leaf; ratio = subprocess median / in-process median; in process, Node's global HTTP agent keeps the " +
        "connection to the emulator alive between providers, as it would in a long-running application",
    }),
  ];

  /** The aws_signing_helper row: the same measurement of ours, with whatever the helper gave. */
  const helperRow = (fields) =>
    makeRow({
      id: "refresh.signingHelper",
      section: SECTION,
      label: "Refresh, in process vs aws_signing_helper via credential_process",
      unit: "ms",
      ours: inProcess,
      goal: null,
      ...fields,
    });
  if (helper) {
    let helperSummary;
    let failure;
    try {
      helperSummary = await viaCredentialProcess(fromProcess, "bench-helper");
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    rows.push(
      helperRow({
        baseline: helperSummary ? { label: `aws_signing_helper (${helper})`, ...helperSummary } : null,
        ratio: helperSummary ? helperSummary.median / inProcess.median : null,
        ratioOf: "baseline ÷ ours",
        verdict: helperSummary ? "no goal" : "error",
        note: helperSummary ? "ratio = aws_signing_helper median / in-process median" : `aws_signing_helper failed: ${failure}`,
      }),
    );
  } else {
    rows.push(
      helperRow({
        verdict: "not installed",
        note:
          helperProblem ??
          "aws_signing_helper is neither named by env GO_HELPER nor on the PATH; set GO_HELPER=/path/to/aws_signing_helper (or put it on the PATH) and re-run to fill this row",
      }),
    );
  }
  return rows;
};
