// Offline demo of `roles-anywhere serve`: an IMDSv2-compatible endpoint that any AWS SDK or the
// AWS CLI finds through AWS_EC2_METADATA_SERVICE_ENDPOINT. Run from the repository root after
// `npm ci && npm run build`:  node examples/serve/serve-demo.mjs
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createTestPki, startEmulator } from "../../dist/emulator.js";

const cli = fileURLToPath(new URL("../../dist/cli.cjs", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "ra-serve-demo-"));
const pki = await createTestPki({ subject: { CN: "serve-workload" } });
const emulator = await startEmulator({
  trustAnchors: [{ id: "serve-anchor", certificates: [pki.caPem] }],
  profiles: [{ id: "serve-profile", roleArns: ["arn:aws:iam::123456789012:role/served-role"] }],
  roles: [{ name: "served-role" }], // default trust policy: rolesanywhere.amazonaws.com
});

// serve reads files, as aws_signing_helper does.
const certificateFile = join(dir, "workload.pem");
const privateKeyFile = join(dir, "workload.key");
await writeFile(certificateFile, pki.leafPem);
await writeFile(privateKeyFile, pki.leafKeyPem, { mode: 0o600 });
const server = spawn(
  process.execPath,
  [
    cli,
    "serve",
    "--port",
    "0",
    "--certificate",
    certificateFile,
    "--private-key",
    privateKeyFile,
    "--trust-anchor-arn",
    emulator.arns.trustAnchors["serve-anchor"],
    "--profile-arn",
    emulator.arns.profiles["serve-profile"],
    "--role-arn",
    emulator.arns.roles["served-role"],
    "--endpoint",
    emulator.url,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);

try {
  // `serve --port 0` prints the URL it listens on as its first line.
  const [firstLine] = await createInterface({ input: server.stdout })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value]);
  const url = /https?:\/\/\S+/.exec(firstLine ?? "")?.[0];
  if (!url) throw new Error(`serve did not print its URL (got ${JSON.stringify(firstLine)})`);
  console.log(`serve listens on ${url}`);

  // Any SDK finds it through the default credential chain once this is set.
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = url;
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) delete process.env[name];
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "no-credentials");
  process.env.AWS_CONFIG_FILE = join(dir, "no-config");
  const { STSClient, GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  const sts = new STSClient({ region: "us-east-1", endpoint: emulator.stsUrl });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`GetCallerIdentity through the default chain: ${identity.Arn}`);
  sts.destroy();
} finally {
  server.kill("SIGTERM");
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
