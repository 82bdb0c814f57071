// The classic IAM Roles Anywhere lab, against the local emulator.
//
// An easy-rsa CA (or an in-process one), two client certificates (GabrielAngelos, DavianThule),
// two roles trusted by rolesanywhere.amazonaws.com (Lab-IAM-Anywhere-All, and
// Lab-IAM-Anywhere-Only-Thule for x509Subject/CN = DavianThule), a trust anchor holding the CA and
// a profile listing both roles. Each attempt writes a lab-style config.json, builds the three ARNs
// from it, gets credentials with fromRolesAnywhere, prints the three `export` lines (or the
// AccessDenied error) and asks STS GetCallerIdentity who we are.
//
// The library and the emulator are injected (`lib`), so run-lab.mjs can use the built package
// (dist/) and the e2e tests the TypeScript sources.
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runConsoleSteps, inProcessRequest } from "./console-steps.mjs";
import { buildEasyRsaPki, buildEasyRsaRequests, findEasyRsa } from "./pki-easyrsa.mjs";
import { buildInProcessPki } from "./pki-in-process.mjs";
import { findOnPath } from "./findTool.mjs";

export { findEasyRsa } from "./pki-easyrsa.mjs";

const execFileAsync = promisify(execFile);

/** Fixed lab identifiers, so a saved config.json keeps matching a restarted emulator. */
export const LAB = Object.freeze({
  accountId: "123456789012",
  region: "us-east-1",
  anchorId: "5f1b7a52-2c3e-4d8a-9b61-0e7c4a1d2f30",
  profileId: "8c2e9d41-6a7b-4f05-8e13-d94b2a6c7e58",
  users: Object.freeze(["GabrielAngelos", "DavianThule"]),
  roleAll: "Lab-IAM-Anywhere-All",
  roleOnlyThule: "Lab-IAM-Anywhere-Only-Thule",
});

/** Where `npm run lab` writes the PKI, config.json files and emulator.json (git-ignored). */
export const LAB_OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "out");

/** The four attempts of the lab and what the lab says should happen. */
export const LAB_ATTEMPTS = Object.freeze([
  { user: "GabrielAngelos", role: LAB.roleAll, expected: "allowed" },
  { user: "GabrielAngelos", role: LAB.roleOnlyThule, expected: "AccessDenied" },
  { user: "DavianThule", role: LAB.roleOnlyThule, expected: "allowed" },
  { user: "DavianThule", role: LAB.roleAll, expected: "allowed" },
]);

/** The lab's fifth check: with no credentials at all, the client says it can't find any. */
export const NO_CREDENTIALS_EXPECTED = "no credentials";

/** Trust policy of the lab roles: the Roles Anywhere service may assume, tag and set source identity. */
export function labTrustPolicy(condition) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "rolesanywhere.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

export function roleArn(name, accountId = LAB.accountId) {
  return `arn:aws:iam::${accountId}:role/${name}`;
}

/**
 * Emulator options for the lab: one anchor (the CA), one profile with both roles, both roles
 * (and `extraRoles`, e.g. the role-chaining step's workload role). The IDs default to the lab's
 * fixed ones (what `roles-anywhere emulate --config` seeds).
 */
export function labEmulatorOptions({ caPem, anchorId = LAB.anchorId, profileId = LAB.profileId, extraRoles = [] }) {
  return {
    accountId: LAB.accountId,
    region: LAB.region,
    trustAnchors: [{ id: anchorId, name: "Lab-IAM-Anywhere-Anchor", certificates: [caPem], enabled: true, crls: [] }],
    profiles: [
      {
        id: profileId,
        name: "Lab-IAM-Anywhere-Profile",
        roleArns: [roleArn(LAB.roleAll), roleArn(LAB.roleOnlyThule)],
        durationSeconds: 3600,
        acceptRoleSessionName: false,
        enabled: true,
      },
    ],
    roles: [
      { name: LAB.roleAll, path: "/", trustPolicy: labTrustPolicy(), maxSessionDuration: 3600 },
      {
        name: LAB.roleOnlyThule,
        path: "/",
        trustPolicy: labTrustPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } }),
        maxSessionDuration: 3600,
      },
      ...extraRoles,
    ],
  };
}

/** A lab-style config.json object (IDs: the ones recorded in steps 12 and 14, or the lab's fixed ones). */
export function labConfig({ certificateFile, privateKeyFile, role, anchorId = LAB.anchorId, profileId = LAB.profileId }) {
  return {
    Region: LAB.region,
    AccountID: LAB.accountId,
    certificate_file: certificateFile,
    certificate_key: privateKeyFile,
    AnchorID: anchorId,
    ProfileID: profileId,
    RoleName: role,
  };
}

/** The three ARNs, built from config.json the way the classic lab script does. */
export function arnsFromConfig(config) {
  for (const key of ["Region", "AccountID", "AnchorID", "ProfileID", "RoleName"]) {
    if (typeof config[key] !== "string" || config[key] === "") {
      throw new Error(`config.json: "${key}" is missing or empty`);
    }
  }
  return {
    trustAnchorArn: `arn:aws:rolesanywhere:${config.Region}:${config.AccountID}:trust-anchor/${config.AnchorID}`,
    profileArn: `arn:aws:rolesanywhere:${config.Region}:${config.AccountID}:profile/${config.ProfileID}`,
    roleArn: `arn:aws:iam::${config.AccountID}:role/${config.RoleName}`,
  };
}

/** Reads a config.json; relative certificate/key paths are resolved against the file's directory. */
export async function readLabConfig(file) {
  const config = JSON.parse(await readFile(file, "utf8"));
  const base = dirname(resolve(file));
  for (const key of ["certificate_file", "certificate_key"]) {
    if (typeof config[key] !== "string" || config[key] === "") throw new Error(`${file}: "${key}" is missing or empty`);
    if (!isAbsolute(config[key])) config[key] = resolve(base, config[key]);
  }
  return config;
}

/** The three `export` lines of the classic lab. */
export function exportLines(identity) {
  return [
    `export AWS_ACCESS_KEY_ID="${identity.accessKeyId}"`,
    `export AWS_SECRET_ACCESS_KEY="${identity.secretAccessKey}"`,
    `export AWS_SESSION_TOKEN="${identity.sessionToken}"`,
  ];
}

/** The `aws` CLI on the PATH, if any. */
export async function findAwsCli({ env = process.env } = {}) {
  return findOnPath("aws", { env });
}

/**
 * Builds the lab PKI in `dir` (easy-rsa layout). `pki`: "easyrsa" (fails if not installed),
 * "in-process", or "auto" (easy-rsa when installed, else in-process). `find` locates easyrsa
 * (injectable for tests).
 */
export async function buildLabPki({ pki = "auto", dir, log = () => {}, find = findEasyRsa }) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dirname(dir), { recursive: true });
  const easyrsa = pki === "in-process" ? undefined : await find();
  if (pki === "easyrsa" && !easyrsa) {
    throw new Error("easyrsa is not installed (Debian: apt-get install easy-rsa); use the in-process PKI instead");
  }
  if (easyrsa) {
    log(`PKI: easy-rsa (${easyrsa}), EASYRSA_PKI=${dir}`);
    return buildEasyRsaPki({ easyrsa, dir, clients: [...LAB.users], log });
  }
  log(`PKI: in-process (node:crypto + pkijs; easy-rsa ${pki === "in-process" ? "not requested" : "not installed"}), in ${dir}`);
  return buildInProcessPki({ dir, clients: [...LAB.users] });
}

/** Environment with no AWS configuration at all: no AWS_* variables, empty config files, no IMDS. */
export async function isolatedAwsEnv(tmpDir, extra = {}) {
  await mkdir(tmpDir, { recursive: true });
  const configFile = join(tmpDir, "aws-config");
  const credentialsFile = join(tmpDir, "aws-credentials");
  await writeFile(configFile, "");
  await writeFile(credentialsFile, "");
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AWS_") && value !== undefined) env[key] = value;
  }
  return {
    ...env,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

/** Runs `fn` with process.env replaced by `env`, restoring it afterwards. */
async function withProcessEnv(env, fn) {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** STS GetCallerIdentity through the AWS SDK v3 against the emulator's STS endpoint. */
export async function sdkCallerIdentity({ stsUrl, credentials, region = LAB.region }) {
  const client = new STSClient({ region, endpoint: stsUrl, ...(credentials ? { credentials } : {}), maxAttempts: 1 });
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
}

/** `aws sts get-caller-identity` with the exported variables (or none), in an isolated environment. */
export async function cliCallerIdentity({ aws, stsUrl, identity, tmpDir, region = LAB.region }) {
  const env = await isolatedAwsEnv(tmpDir, {
    AWS_PAGER: "",
    ...(identity
      ? {
          AWS_ACCESS_KEY_ID: identity.accessKeyId,
          AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
          AWS_SESSION_TOKEN: identity.sessionToken,
        }
      : {}),
  });
  const args = ["sts", "get-caller-identity", "--endpoint-url", stsUrl, "--region", region, "--output", "json"];
  try {
    const { stdout } = await execFileAsync(aws, args, { env, timeout: 60_000 });
    return { ok: true, identity: JSON.parse(stdout) };
  } catch (error) {
    return { ok: false, exitCode: error?.code, stderr: String(error?.stderr ?? error?.message ?? "").trim() };
  }
}

function describeError(error) {
  return {
    name: error?.name,
    code: error?.code,
    errorType: error?.errorType,
    statusCode: error?.statusCode,
    ...(typeof error?.serviceMessage === "string" ? { serviceMessage: error.serviceMessage } : {}),
    message: String(error?.message ?? error),
  };
}

function isAccessDenied(error) {
  return error?.code === "ERR_ACCESS_DENIED" || error?.errorType === "AccessDeniedException" || error?.name === "AccessDeniedException";
}

/** What CreateSession says when a role's trust policy refuses the certificate (the lab's attempt 2). */
export function trustPolicyDenial(role, accountId = LAB.accountId) {
  return `Unable to assume role for ${roleArn(role, accountId)}.`;
}

/**
 * The table's "actual" for a failed attempt: "AccessDenied" only for the trust policy's denial of
 * `role` (any other AccessDenied, e.g. "Untrusted signing certificate", is a different outcome).
 */
export function failedOutcome(error, role) {
  const described = describeError(error);
  if (!isAccessDenied(error)) return `error: ${described.message}`;
  const said = described.serviceMessage ?? described.message;
  return said === trustPolicyDenial(role) ? "AccessDenied" : `AccessDenied, but not by the trust policy: ${said}`;
}

/**
 * One lab attempt: config.json → ARNs → fromRolesAnywhere → export lines → GetCallerIdentity.
 * @returns {Promise<{ user, role, expected, actual, arn?, cliArn?, cliError?, error?, identity?, configFile }>}
 */
export async function runAttempt({ lib, emulator, attempt, pki, workDir, aws, ids = {}, log = () => {} }) {
  const { user, role, expected } = attempt;
  const client = pki.clients[user];
  const config = labConfig({ certificateFile: client.certificateFile, privateKeyFile: client.privateKeyFile, role, ...ids });
  const configFile = join(workDir, `config-${user}-${role}.json`);
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  // As in the lab, config.json is edited between attempts: keep the current one at a fixed name too.
  await writeFile(join(workDir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);

  const loaded = await readLabConfig(configFile);
  const arns = arnsFromConfig(loaded);
  log(`config.json: certificate_file=${loaded.certificate_file} RoleName=${loaded.RoleName}`);
  log(`  trust anchor ${arns.trustAnchorArn}`);
  log(`  profile      ${arns.profileArn}`);
  log(`  role         ${arns.roleArn}`);

  const provider = lib.fromRolesAnywhere({
    ...arns,
    certificateFile: loaded.certificate_file,
    privateKeyFile: loaded.certificate_key,
    region: loaded.Region,
    endpoint: emulator.url,
    maxRetries: 0,
  });
  let identity;
  try {
    identity = await provider();
  } catch (error) {
    const described = describeError(error);
    log(`  ${described.name}${described.code ? ` [${described.code}]` : ""}: ${described.message}`);
    return { user, role, expected, actual: failedOutcome(error, role), error: described, configFile };
  }
  for (const line of exportLines(identity)) log(`  ${line}`);

  const result = { user, role, expected, actual: "allowed", identity, configFile };
  const prefix = `arn:aws:sts::${LAB.accountId}:assumed-role/${role}/`;
  await checkCallerIdentity(result, {
    emulator,
    credentials: provider,
    identity,
    isExpected: (arn) => arn?.startsWith(prefix),
    workDir,
    aws,
    log,
  });
  return result;
}

/**
 * Asks STS who `credentials` are, through the SDK and, when `aws` is given, the aws CLI with the
 * exported `identity`; records the ARNs in `row` (`arn`, `cliArn`, `cliError`). `row.actual`
 * becomes the first problem: an ARN `isExpected` refuses, a failed call, the CLI seeing another ARN.
 */
export async function checkCallerIdentity(row, { emulator, credentials, identity, isExpected, workDir, aws, log = () => {} }) {
  try {
    const who = await sdkCallerIdentity({ stsUrl: emulator.stsUrl, credentials });
    row.arn = who.Arn;
    log(`  GetCallerIdentity (SDK): ${who.Arn}`);
    if (!isExpected(who.Arn)) row.actual = `wrong identity: ${who.Arn}`;
  } catch (error) {
    row.actual = `GetCallerIdentity failed: ${describeError(error).message}`;
    log(`  GetCallerIdentity (SDK) failed: ${describeError(error).message}`);
  }
  if (!aws) return;
  const cli = await cliCallerIdentity({ aws, stsUrl: emulator.stsUrl, identity, tmpDir: join(workDir, "aws-env") });
  if (cli.ok) {
    row.cliArn = cli.identity.Arn;
    log(`  $ aws sts get-caller-identity → ${cli.identity.Arn}`);
    if (row.actual === "allowed" && cli.identity.Arn !== row.arn) row.actual = `aws CLI saw ${cli.identity.Arn}`;
  } else {
    row.cliError = cli.stderr;
    log(`  $ aws sts get-caller-identity failed: ${cli.stderr}`);
    if (row.actual === "allowed") row.actual = `aws CLI failed: ${cli.stderr.split("\n").pop()}`;
  }
}

/** The lab's last step: STS with no credentials anywhere says it can't find credentials. */
export async function runNoCredentials({ emulator, workDir, aws, log = () => {} }) {
  const env = await isolatedAwsEnv(join(workDir, "aws-env"));
  const result = { user: "(none)", role: "-", expected: NO_CREDENTIALS_EXPECTED, actual: "" };
  try {
    const who = await withProcessEnv(env, () => sdkCallerIdentity({ stsUrl: emulator.stsUrl }));
    result.actual = `unexpectedly authenticated as ${who.Arn}`;
  } catch (error) {
    const described = describeError(error);
    result.error = described;
    result.actual = /Could not load credentials/i.test(described.message) ? NO_CREDENTIALS_EXPECTED : `error: ${described.message}`;
    log(`  SDK: ${described.name}: ${described.message}`);
  }
  if (aws) {
    const cli = await cliCallerIdentity({ aws, stsUrl: emulator.stsUrl, tmpDir: join(workDir, "aws-env") });
    result.cliError = cli.ok ? undefined : cli.stderr;
    log(cli.ok ? `  $ aws sts get-caller-identity → ${cli.identity.Arn} (unexpected)` : `  $ aws sts get-caller-identity: ${cli.stderr}`);
    if (cli.ok) result.actual = `aws CLI unexpectedly authenticated as ${cli.identity.Arn}`;
    else if (!/Unable to locate credentials/i.test(cli.stderr)) result.actual = `aws CLI: ${cli.stderr}`;
  }
  return result;
}

/** A plain-text table of expected vs actual. */
export function formatTable(rows) {
  const header = ["#", "certificate", "role", "expected", "actual", "check"];
  const body = rows.map((r, i) => [String(i + 1), r.user, r.role, r.expected, r.actual, r.actual === r.expected ? "ok" : "MISMATCH"]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/**
 * What `npm run lab -- --serve` prints for the step-by-step lab in another shell: commands that
 * put credentials into that shell (`export` prints `export` lines, which only take effect through
 * `eval`), look at the control plane with the admin credentials, and ask STS who it is.
 * @param {{ url: string, stsUrl: string, outConfig: string, adminCredentials: { accessKeyId: string, secretAccessKey: string } }} emulator
 *   the running emulator and the config.json the run wrote
 * @returns {string[]}
 */
export function stepByStepHint({ url, stsUrl, outConfig, adminCredentials }) {
  return [
    "The emulator keeps running (Ctrl-C to stop). Step by step, in another shell:",
    `  eval "$(node dist/cli.cjs export --config ${outConfig} --endpoint ${url})"`,
    `  AWS_ACCESS_KEY_ID=${adminCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${adminCredentials.secretAccessKey} aws rolesanywhere list-trust-anchors --endpoint-url ${url} --region us-east-1`,
    `  aws sts get-caller-identity --endpoint-url ${stsUrl} --region us-east-1`,
  ];
}

/**
 * The PCA branch's PKI: each user's key and CSR only (easy-rsa `gen-req`, or in-process); the
 * private CA issues the certificates in step 10.
 */
export async function buildLabRequests({ pki = "auto", dir, log = () => {}, find = findEasyRsa }) {
  await rm(dir, { recursive: true, force: true });
  const easyrsa = pki === "in-process" ? undefined : await find();
  if (pki === "easyrsa" && !easyrsa)
    throw new Error("easyrsa is not installed (Debian: apt-get install easy-rsa); use the in-process PKI instead");
  if (easyrsa) {
    log(`PKI: easy-rsa (${easyrsa}) for the users' keys and CSRs; the ACM Private CA issues their certificates`);
    return buildEasyRsaRequests({ easyrsa, dir, clients: [...LAB.users], log });
  }
  log("PKI: in-process keys and CSRs (node:crypto + pkijs); the ACM Private CA issues the certificates");
  await mkdir(join(dir, "private"), { recursive: true });
  await mkdir(join(dir, "reqs"), { recursive: true });
  await mkdir(join(dir, "issued"), { recursive: true });
  const clients = {};
  for (const name of LAB.users) {
    const paths = {
      csrFile: join(dir, "reqs", `${name}.req`),
      certificateFile: join(dir, "issued", `${name}.crt`),
      privateKeyFile: join(dir, "private", `${name}.key`),
    };
    await inProcessRequest({ name, keyFile: paths.privateKeyFile, csrFile: paths.csrFile });
    clients[name] = paths;
  }
  return { kind: "in-process", dir, clients };
}

/**
 * Runs the whole lab: the PKI (steps 1–5), the console steps 6–15 through the `aws` CLI (or the
 * SDK v3 clients) against the emulator's control plane, then the four attempts and the
 * no-credentials check (steps 16–24); with `chain`, also the role-chaining step (chain.mjs).
 * @param {{ lib: { fromRolesAnywhere: Function, startEmulator: Function }, pki?: "auto" | "easyrsa" | "in-process",
 *   outDir?: string (default examples/lab/out; its pki/ is recreated), log?: (line: string) => void, awsCli?: boolean | "auto",
 *   setupWith?: "auto" | "aws" | "sdk", pca?: boolean, keepEmulator?: boolean, chain?: boolean }} options
 */
export async function runLab({
  lib,
  pki = "auto",
  outDir,
  log = console.log,
  awsCli = "auto",
  setupWith = "auto",
  pca = false,
  keepEmulator = false,
  chain = false,
}) {
  const workDir = outDir ?? LAB_OUT_DIR;
  await mkdir(workDir, { recursive: true });
  const aws = awsCli === false ? undefined : await findAwsCli();
  if (awsCli === true && !aws) throw new Error("the aws CLI is not installed (Debian: apt-get install awscli)");
  if (setupWith === "aws" && !aws) throw new Error("setupWith aws: the aws CLI is not installed (Debian: apt-get install awscli)");
  const pkiDir = join(workDir, "pki");
  const material = pca ? await buildLabRequests({ pki, dir: pkiDir, log }) : await buildLabPki({ pki, dir: pkiDir, log });

  // Loaded only for --chain (it needs @aws-sdk/credential-providers). The workload role lives in a
  // second account, which the lab's admin credentials cannot reach: it is seeded at start.
  const chainStep = chain ? await import("./chain.mjs") : undefined;
  const emulator = await lib.startEmulator({
    accountId: LAB.accountId,
    region: LAB.region,
    ...(chainStep ? { roles: [chainStep.workloadRoleInit()] } : {}),
    host: "127.0.0.1",
    port: 0,
  });
  log(`Emulator: Roles Anywhere, IAM, ACM PCA and STS on ${emulator.url}`);
  const rows = [];
  let setup;
  try {
    const setupAws = setupWith === "sdk" ? undefined : aws;
    log("");
    log(
      setupAws
        ? `== Steps 6-15, the console steps, with the aws CLI (each command also gets --endpoint-url ${emulator.url}; the emulator's admin credentials are in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)`
        : `== Steps 6-15, the console steps, with the AWS SDK v3 clients (${aws ? "as asked" : "the aws CLI is not installed"})`,
    );
    setup = await runConsoleSteps({
      emulator,
      workDir,
      aws: setupAws,
      env: await isolatedAwsEnv(join(workDir, "aws-env")),
      pca,
      caPem: material.caPem,
      requests: pca ? material.clients : {},
      roles: { all: LAB.roleAll, onlyThule: LAB.roleOnlyThule },
      trustPolicies: {
        all: labTrustPolicy(),
        onlyThule: labTrustPolicy({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } }),
      },
      log,
    });
    const ids = { anchorId: setup.anchorId, profileId: setup.profileId };
    const first = material.clients[LAB_ATTEMPTS[0].user];
    await writeFile(
      join(workDir, "config.json"),
      `${JSON.stringify(labConfig({ certificateFile: first.certificateFile, privateKeyFile: first.privateKeyFile, role: LAB_ATTEMPTS[0].role, ...ids }), null, 2)}\n`,
    );
    log(`-- step 15: ${join(workDir, "config.json")} written with AnchorID ${ids.anchorId} and ProfileID ${ids.profileId}`);
    await writeFile(
      join(workDir, "emulator.json"),
      `${JSON.stringify(labEmulatorOptions({ caPem: setup.caPem, ...ids, extraRoles: chainStep ? [chainStep.workloadRoleInit()] : [] }), null, 2)}\n`,
    );
    for (const [index, attempt] of LAB_ATTEMPTS.entries()) {
      log("");
      log(`== ${index + 1}. ${attempt.user} → ${attempt.role} (expected: ${attempt.expected})`);
      rows.push(await runAttempt({ lib, emulator, attempt, pki: material, workDir, aws, ids, log }));
    }
    log("");
    log(
      `== 5. no credentials at all (expected: "Could not load credentials from any providers"${aws ? ` / "Unable to locate credentials"` : ""})`,
    );
    rows.push(await runNoCredentials({ emulator, workDir, aws, log }));
    for (const attempt of chainStep?.LAB_CHAIN_ATTEMPTS ?? []) {
      log("");
      log(`== ${rows.length + 1}. role chaining: ${attempt.user} → ${chainStep.chainLabel(attempt)} (expected: ${attempt.expected})`);
      rows.push(await chainStep.runChainAttempt({ lib, emulator, attempt, pki: material, workDir, aws, ids, log }));
    }
  } finally {
    if (!keepEmulator) await emulator.close();
  }
  const ok = rows.every((r) => r.actual === r.expected);
  log("");
  log(
    `PKI used: ${material.kind === "easyrsa" ? "easy-rsa" : "in-process"}${pca ? " (keys and CSRs; certificates from the ACM Private CA)" : ""}; console steps: ${setup.via === "aws" ? "aws CLI" : "SDK v3"}; aws CLI: ${aws ?? "not installed (SDK only)"}`,
  );
  log(formatTable(rows));
  log(ok ? "All outcomes match the lab." : "Some outcomes differ from the lab (see MISMATCH above).");
  return { ok, pki: material.kind, rows, workDir, material, aws, setup, ...(keepEmulator ? { emulator } : {}) };
}
