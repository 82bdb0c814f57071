// The lab's optional role-chaining step (`npm run lab -- --chain`).
//
// Production setups often keep Roles Anywhere in one "hub" account and let its role assume a role
// in a "workload" account. Here the hub role is the lab's Lab-IAM-Anywhere-All; the workload role
// Lab-Workload-Role lives in a second account, 210987654321, and trusts sessions of the hub role
// whose certificate CN is DavianThule. Its trust policy also allows sts:SetSourceIdentity: a Roles
// Anywhere session always carries a source identity (CN=<common name>), and STS carries it along
// the chain, so every chained role must allow it.
//
// Each attempt gets the hub credentials with fromRolesAnywhere and hands them to
// fromTemporaryCredentials (STS AssumeRole, at the emulator's STS endpoint), then asks
// GetCallerIdentity who we are. The third attempt asks for two hours, which STS refuses: a
// session assumed with role-session credentials lasts one hour at most.
import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { LAB, arnsFromConfig, checkCallerIdentity, exportLines, labConfig, readLabConfig, roleArn } from "./lab.mjs";

/** The chaining step's fixed names. */
export const LAB_CHAIN = Object.freeze({
  workloadAccountId: "210987654321",
  workloadRole: "Lab-Workload-Role",
  hubRole: LAB.roleAll,
});

/** What STS says when a chained session asks for more than one hour. */
export const CHAINED_DURATION_MESSAGE =
  "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

/** The three chained attempts and what should happen. */
export const LAB_CHAIN_ATTEMPTS = Object.freeze([
  { user: "DavianThule", expected: "allowed" },
  { user: "GabrielAngelos", expected: "AccessDenied" },
  { user: "DavianThule", durationSeconds: 7200, expected: "ValidationError" },
]);

/** The workload role's trust policy: sessions of the hub role, for certificates with CN=DavianThule. */
export function workloadTrustPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: roleArn(LAB_CHAIN.hubRole) },
        Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
        Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } },
      },
    ],
  };
}

/** The workload role, as an emulator role in the second account. */
export function workloadRoleInit() {
  return {
    name: LAB_CHAIN.workloadRole,
    accountId: LAB_CHAIN.workloadAccountId,
    path: "/",
    trustPolicy: workloadTrustPolicy(),
    maxSessionDuration: 3600,
  };
}

export function workloadRoleArn() {
  return roleArn(LAB_CHAIN.workloadRole, LAB_CHAIN.workloadAccountId);
}

/** The table's "role" cell of a chained attempt. */
export function chainLabel(attempt) {
  return `${LAB_CHAIN.hubRole} → ${LAB_CHAIN.workloadRole}${attempt.durationSeconds ? ` (${attempt.durationSeconds} s)` : ""}`;
}

/** The table's "actual" for a failed chained attempt. */
export function chainFailure(error) {
  const name = error?.name ?? "Error";
  const message = String(error?.message ?? error);
  if (name === "AccessDenied" && message.endsWith(`sts:AssumeRole on resource: ${workloadRoleArn()}`)) return "AccessDenied";
  if (name === "ValidationError" && message === CHAINED_DURATION_MESSAGE) return "ValidationError";
  return `${name}: ${message}`;
}

/**
 * One chained attempt: config.json → fromRolesAnywhere (hub role) → fromTemporaryCredentials
 * (workload role) → export lines → GetCallerIdentity (SDK, and the aws CLI when there is one).
 * `ids`: the trust anchor and profile IDs of the lab's setup (default: the lab's fixed ones).
 */
export async function runChainAttempt({ lib, emulator, attempt, pki, workDir, aws, ids = {}, log = () => {} }) {
  const { user, expected, durationSeconds } = attempt;
  const client = pki.clients[user];
  const configFile = join(workDir, `config-${user}-chain.json`);
  await writeFile(
    configFile,
    `${JSON.stringify(labConfig({ certificateFile: client.certificateFile, privateKeyFile: client.privateKeyFile, role: LAB_CHAIN.hubRole, ...ids }), null, 2)}\n`,
  );
  const config = await readLabConfig(configFile);
  const hub = lib.fromRolesAnywhere({
    ...arnsFromConfig(config),
    certificateFile: config.certificate_file,
    privateKeyFile: config.certificate_key,
    region: config.Region,
    endpoint: emulator.url,
    maxRetries: 0,
  });
  const workload = fromTemporaryCredentials({
    masterCredentials: hub,
    params: { RoleArn: workloadRoleArn(), RoleSessionName: user, ...(durationSeconds ? { DurationSeconds: durationSeconds } : {}) },
    clientConfig: { region: LAB.region, endpoint: emulator.stsUrl, maxAttempts: 1 },
  });
  log(`  hub role      ${roleArn(LAB_CHAIN.hubRole)} (Roles Anywhere, ${user}'s certificate)`);
  log(`  workload role ${workloadRoleArn()} (STS AssumeRole${durationSeconds ? `, DurationSeconds=${durationSeconds}` : ""})`);
  const row = { user, role: chainLabel(attempt), expected, actual: "allowed", configFile };
  let identity;
  try {
    identity = await workload();
  } catch (error) {
    log(`  ${error?.name ?? "Error"}: ${error?.message ?? error}`);
    return { ...row, actual: chainFailure(error), error: { name: error?.name, message: String(error?.message ?? error) } };
  }
  for (const line of exportLines(identity)) log(`  ${line}`);
  row.identity = identity;
  const arn = `arn:aws:sts::${LAB_CHAIN.workloadAccountId}:assumed-role/${LAB_CHAIN.workloadRole}/${user}`;
  await checkCallerIdentity(row, { emulator, credentials: workload, identity, isExpected: (seen) => seen === arn, workDir, aws, log });
  return row;
}
