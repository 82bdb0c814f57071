// Offline demo: emulator + SDK v3 STS client + fromRolesAnywhere.
// Run from the repository root after `npm ci && npm run build`.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromRolesAnywhere } from "../../dist/index.js";
import { createTestPki, startEmulator } from "../../dist/emulator.js";

// A throw-away CA and a workload certificate (WebCrypto; nothing beyond this package).
const pki = await createTestPki({ subject: { CN: "demo-workload" } });
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
  const credentials = fromRolesAnywhere({
    trustAnchorArn: emulator.arns.trustAnchors["demo-anchor"],
    profileArn: emulator.arns.profiles["demo-profile"],
    roleArn: emulator.arns.roles[roleName],
    certificate: pki.leafPem,
    privateKey: pki.leafKeyPem,
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
}
