// Offline demo of role chaining: a Roles Anywhere role in a hub account assumes a role in a
// workload account through STS AssumeRole (fromTemporaryCredentials), against the emulator.
// Run from the repository root after `npm ci && npm run build`.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromRolesAnywhere } from "../../dist/index.js";
import { startEmulator } from "../../dist/emulator.js";
import { buildInProcessPki } from "../lab/pki-in-process.mjs";

const HUB = "111122223333";
const WORKLOAD = "444455556666";
const hubRoleArn = `arn:aws:iam::${HUB}:role/hub-role`;
const workloadRoleArn = `arn:aws:iam::${WORKLOAD}:role/deploy-role`;

const dir = await mkdtemp(join(tmpdir(), "ra-chain-demo-"));
const pki = await buildInProcessPki({ dir, clients: ["demo-workload"] });
const emulator = await startEmulator({
  accountId: HUB,
  trustAnchors: [{ id: "demo-anchor", certificates: [pki.caPem] }],
  profiles: [{ id: "demo-profile", roleArns: [hubRoleArn] }],
  roles: [
    // Trusted by rolesanywhere.amazonaws.com (the default trust policy).
    { name: "hub-role" },
    {
      name: "deploy-role",
      accountId: WORKLOAD,
      // Trusts sessions of the hub role. sts:SetSourceIdentity is needed: a Roles Anywhere
      // session carries a source identity (CN=<certificate CN>) and STS passes it along.
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: hubRoleArn }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] }],
      },
    },
  ],
});

try {
  const user = pki.clients["demo-workload"];
  const hub = fromRolesAnywhere({
    trustAnchorArn: emulator.arns.trustAnchors["demo-anchor"],
    profileArn: emulator.arns.profiles["demo-profile"],
    roleArn: hubRoleArn,
    certificateFile: user.certificateFile,
    privateKeyFile: user.privateKeyFile,
    endpoint: emulator.url,
  });
  const credentials = fromTemporaryCredentials({
    masterCredentials: hub,
    params: { RoleArn: workloadRoleArn, RoleSessionName: "deploy" }, // at most 3600 s: a chained session
    clientConfig: { region: "us-east-1", endpoint: emulator.stsUrl },
  });
  const sts = new STSClient({ region: "us-east-1", endpoint: emulator.stsUrl, credentials });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`Arn:     ${identity.Arn}`);
  console.log(`Account: ${identity.Account}`);
  sts.destroy();
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
