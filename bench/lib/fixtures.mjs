// Certificates, keys and emulator configuration shared by the bench sections.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createCa, issueLeaf } from "./pki.mjs";

export const ROLE_ARN = "arn:aws:iam::123456789012:role/Bench";

/** Key types of the signing rows, in table order. */
export const KEY_TYPES = [
  { id: "rsa2048", label: "RSA-2048", spec: { type: "RSA", bits: 2048 } },
  { id: "rsa4096", label: "RSA-4096", spec: { type: "RSA", bits: 4096 } },
  { id: "p256", label: "P-256", spec: { type: "EC", curve: "P-256" } },
  { id: "p384", label: "P-384", spec: { type: "EC", curve: "P-384" } },
  { id: "p521", label: "P-521", spec: { type: "EC", curve: "P-521" } },
];

/**
 * Two CAs (RSA-2048 and P-256, both in one trust anchor) and one leaf per key type, written to
 * `dir` as `<id>.crt` / `<id>.key` for the CLI.
 */
export const createFixtures = async (dir) => {
  const [rsaCa, ecCa] = await Promise.all([
    createCa({ type: "RSA", bits: 2048 }, "Bench RSA CA"),
    createCa({ type: "EC", curve: "P-256" }, "Bench EC CA"),
  ]);
  const leaves = {};
  await Promise.all(
    KEY_TYPES.map(async ({ id, spec }) => {
      const ca = spec.type === "RSA" ? rsaCa : ecCa;
      const leaf = await issueLeaf(ca, spec, `bench-${id}`);
      const certificateFile = join(dir, `${id}.crt`);
      const privateKeyFile = join(dir, `${id}.key`);
      await writeFile(certificateFile, leaf.certificatePem);
      await writeFile(privateKeyFile, leaf.privateKeyPem, { mode: 0o600 });
      leaves[id] = { ...leaf, certificateFile, privateKeyFile };
    }),
  );
  return { caPems: [rsaCa.pem, ecCa.pem], leaves };
};

/** Emulator options (JSON-safe, so a worker can take them) trusting both bench CAs. */
export const emulatorOptions = (caPems) => ({
  trustAnchors: [{ id: "BENCH", name: "bench", certificates: caPems }],
  profiles: [{ id: "BENCH", name: "bench", roleArns: [ROLE_ARN], durationSeconds: 3600 }],
  roles: [{ name: "Bench" }],
  host: "127.0.0.1",
  port: 0,
});

/** The three ARNs and endpoint of a running emulator, as provider options. */
export const sessionTarget = (emu) => ({
  trustAnchorArn: emu.arns.trustAnchors.BENCH,
  profileArn: emu.arns.profiles.BENCH,
  roleArn: ROLE_ARN,
  endpoint: emu.url,
});

/** The CLI's credential-process argv (after the script path) for a leaf and target. */
export const credentialProcessArgs = (leaf, target) => [
  "credential-process",
  "--certificate",
  leaf.certificateFile,
  "--private-key",
  leaf.privateKeyFile,
  "--trust-anchor-arn",
  target.trustAnchorArn,
  "--profile-arn",
  target.profileArn,
  "--role-arn",
  target.roleArn,
  "--endpoint",
  target.endpoint,
];
