// Offline demo: emulator + SDK v3 STS client + fromRolesAnywhere.
// Run from the repository root after `npm ci && npm run build`.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromRolesAnywhere } from "../../dist/index.js";
import { startEmulator } from "../../dist/emulator.js";
import { buildInProcessPki } from "../lab/pki-in-process.mjs";

const dir = await mkdtemp(join(tmpdir(), "ra-sdk-demo-"));
const pki = await buildInProcessPki({ dir, clients: ["demo-workload"] });
const roleName = "demo-role";
const emulator = await startEmulator({
  trustAnchors: [{ id: "demo-anchor", name: "demo-ca", certificates: [pki.caPem] }],
  profiles: [{ id: "demo-profile", name: "demo", roleArns: [`arn:aws:iam::123456789012:role/${roleName}`] }],
  roles: [
    {
      name: roleName,
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "rolesanywhere.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
          },
        ],
      },
    },
  ],
});

try {
  const user = pki.clients["demo-workload"];
  const credentials = fromRolesAnywhere({
    trustAnchorArn: emulator.arns.trustAnchors["demo-anchor"],
    profileArn: emulator.arns.profiles["demo-profile"],
    roleArn: emulator.arns.roles[roleName],
    certificateFile: user.certificateFile,
    privateKeyFile: user.privateKeyFile,
    endpoint: emulator.url,
  });
  const sts = new STSClient({ region: "us-east-1", endpoint: emulator.stsUrl, credentials });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`Arn:     ${identity.Arn}`);
  console.log(`UserId:  ${identity.UserId}`);
  console.log(`Account: ${identity.Account}`);
  sts.destroy();
} finally {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
