// The emulator's quick start, runnable: a throw-away PKI from createTestPki(), the emulator, and
// an SDK v3 STS client with fromRolesAnywhere() credentials. No network, no AWS account.
// Run from the repository root after `npm ci && npm run build`:  node examples/emulator/quick-start.mjs
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromRolesAnywhere } from "../../dist/index.js";
import { createTestPki, startEmulator } from "../../dist/emulator.js";

// A throw-away CA and a workload certificate it signed.
const { caPem, leafPem, leafKeyPem } = await createTestPki({ subject: { CN: "workload-1" } });

const emu = await startEmulator({
  trustAnchors: [{ id: "TA", name: "lab-ca", certificates: [caPem] }],
  profiles: [{ id: "PROFILE", roleArns: ["arn:aws:iam::123456789012:role/App"] }],
  roles: [{ name: "App" }], // default trust policy: rolesanywhere.amazonaws.com, no condition
});

try {
  const credentials = fromRolesAnywhere({
    trustAnchorArn: emu.arns.trustAnchors.TA,
    profileArn: emu.arns.profiles.PROFILE,
    roleArn: emu.arns.roles.App,
    certificate: leafPem,
    privateKey: leafKeyPem,
    endpoint: emu.url,
  });
  const sts = new STSClient({ region: "us-east-1", endpoint: emu.stsUrl, credentials });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`Arn: ${identity.Arn}`);
  sts.destroy();
} finally {
  await emu.close();
}
