#!/usr/bin/env node
// `npm run lab`: the classic IAM Roles Anywhere lab, end to end, against the local emulator.
//
//   npm run lab                        easy-rsa PKI when `easyrsa` is installed, else in-process
//   npm run lab -- --pki=in-process    force the in-process PKI (also: --pki=easyrsa)
//   npm run lab -- --no-aws            don't call the aws CLI even when it is installed
//   npm run lab -- --serve             keep the emulator running afterwards (for the step-by-step lab)
//   npm run lab -- --pca               step 11's other branch: an ACM Private CA issues the users' certificates
//   npm run lab -- --setup=sdk         do steps 6-15 with the SDK v3 clients even when the aws CLI is installed
//   npm run lab -- --chain             also show role chaining: the lab's role assumes a role in a second account
//
// Uses the built package (dist/); builds it first when dist/index.js, dist/emulator.js or
// dist/cli.cjs is missing or older than src/ (the step-by-step lab runs `node dist/cli.cjs`).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildIfStale } from "../../scripts/dist-status.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function ensureBuilt() {
  try {
    buildIfStale(root, { log: (line) => console.log(line) });
  } catch (error) {
    console.error(`${error.message}; the lab needs the built package`);
    process.exit(1);
  }
}

const { values } = parseArgs({
  options: {
    pki: { type: "string", default: "auto" },
    serve: { type: "boolean", default: false },
    "no-aws": { type: "boolean", default: false },
    pca: { type: "boolean", default: false },
    setup: { type: "string", default: "auto" },
    chain: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log("usage: npm run lab [-- --pki=auto|easyrsa|in-process] [--pca] [--setup=auto|aws|sdk] [--no-aws] [--serve] [--chain]");
  process.exit(0);
}
if (!["auto", "aws", "sdk"].includes(values.setup)) {
  console.error(`--setup must be auto, aws or sdk (got "${values.setup}")`);
  process.exit(2);
}
if (!["auto", "easyrsa", "in-process"].includes(values.pki)) {
  console.error(`--pki must be auto, easyrsa or in-process (got "${values.pki}")`);
  process.exit(2);
}

// The lab's STS client is only a demo client; keep the SDK's Node-version notice out of the lab's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

ensureBuilt();
const { fromRolesAnywhere } = await import(pathToFileURL(join(root, "dist", "index.js")).href);
const { startEmulator } = await import(pathToFileURL(join(root, "dist", "emulator.js")).href);
const { runLab, stepByStepHint, LAB_OUT_DIR } = await import("./lab.mjs");

let result;
try {
  result = await runLab({
    lib: { fromRolesAnywhere, startEmulator },
    pki: values.pki,
    awsCli: values["no-aws"] ? false : "auto",
    setupWith: values.setup,
    pca: values.pca,
    keepEmulator: values.serve,
    chain: values.chain,
    log: (line) => console.log(line),
  });
} catch (error) {
  console.error(`lab failed: ${error?.message ?? error}`);
  process.exit(1);
}
process.exitCode = result.ok ? 0 : 1;

if (values.serve && result.emulator) {
  const { emulator } = result;
  console.log("");
  const hint = stepByStepHint({
    url: emulator.url,
    stsUrl: emulator.stsUrl,
    outConfig: join(LAB_OUT_DIR, "config.json"),
    adminCredentials: emulator.adminCredentials,
  });
  for (const line of hint) console.log(line);
  const stop = async () => {
    await emulator.close();
    process.exit(process.exitCode ?? 0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
