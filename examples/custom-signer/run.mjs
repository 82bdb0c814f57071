// Offline demo: Roles Anywhere credentials signed by a KMS-held key.
//   local KMS stand-in → GetPublicKey → demo CA issues the certificate → emulator trusts the CA →
//   fromRolesAnywhere({ certificate, privateKey: kmsSigner }) → credentials.
// Run from the repository root after `npm ci && npm run build`: node examples/custom-signer/run.mjs
import { fromRolesAnywhere } from "../../dist/index.js";
import { startEmulator } from "../../dist/emulator.js";
import { createDemoCa } from "./demo-ca.mjs";
import { createKmsSigner } from "./kms-signer.mjs";
import { createLocalKms } from "./local-kms.mjs";

const kms = createLocalKms(); // with real AWS: new KMS({ region }) from "@aws-sdk/client-kms"
const { KeyMetadata } = await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
const { PublicKey } = await kms.getPublicKey({ KeyId: KeyMetadata.KeyId });

const ca = createDemoCa();
const certificate = ca.issueFor(PublicKey, "kms-workload");

const role = "arn:aws:iam::123456789012:role/kms-demo";
const emulator = await startEmulator({
  trustAnchors: [{ id: "kms-anchor", certificates: [ca.certificatePem] }],
  profiles: [{ id: "kms-profile", roleArns: [role] }],
  roles: [{ name: "kms-demo" }],
});
try {
  const credentials = fromRolesAnywhere({
    trustAnchorArn: emulator.arns.trustAnchors["kms-anchor"],
    profileArn: emulator.arns.profiles["kms-profile"],
    roleArn: role,
    endpoint: emulator.url,
    certificate,
    privateKey: await createKmsSigner({ kms, keyId: KeyMetadata.Arn }),
  });
  const identity = await credentials();
  console.log(`KMS key:        ${KeyMetadata.Arn}`);
  console.log(`Sign calls:     ${kms.signRequests.map((r) => `${r.SigningAlgorithm}/${r.MessageType}`).join(", ")}`);
  console.log(`AccessKeyId:    ${identity.accessKeyId}`);
  console.log(`Expiration:     ${identity.expiration.toISOString()}`);
} finally {
  await emulator.close();
}
