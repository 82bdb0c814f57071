import { execFile } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RolesAnywhereError, fromRolesAnywhere } from "../../src";
import { signCreateSessionRequest } from "../../src/request/createSessionRequest";
import { loadSigningIdentity } from "../../src/identity/identity";
import { type Emulator, type EmulatorEvent, startEmulator } from "../../src/emulator";
import { createDemoCa } from "../../examples/custom-signer/demo-ca.mjs";
import { algorithmsFor, createKmsSigner } from "../../examples/custom-signer/kms-signer.mjs";
import { createLocalKms } from "../../examples/custom-signer/local-kms.mjs";
import { liboqs, liboqsSkipReason } from "../support/liboqs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ROLE = "arn:aws:iam::123456789012:role/kms-demo";
const hasDist = existsSync(`${ROOT}dist/index.js`) && existsSync(`${ROOT}dist/emulator.js`);

describe("examples/custom-signer: a Signer backed by a KMS-like key", () => {
  const ca = createDemoCa();
  let emulator: Emulator;
  const events: EmulatorEvent[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({
      onEvent: (event) => events.push(event),
      trustAnchors: [{ id: "TA", certificates: [ca.certificatePem] }],
      profiles: [{ id: "PROFILE", roleArns: [ROLE] }],
      roles: [{ name: "kms-demo" }],
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  const arns = () => ({
    trustAnchorArn: emulator.arns.trustAnchors.TA!,
    profileArn: emulator.arns.profiles.PROFILE!,
    roleArn: ROLE,
    endpoint: emulator.url,
  });

  it.each(["ECC_NIST_P256", "ECC_NIST_P384", "RSA_2048"])(
    "gets credentials from the emulator with a %s key that never leaves the KMS",
    async (KeySpec) => {
      const kms = createLocalKms();
      const { KeyMetadata } = await kms.createKey({ KeySpec });
      const { PublicKey } = await kms.getPublicKey({ KeyId: KeyMetadata.KeyId });
      const certificate = ca.issueFor(PublicKey, `kms-${KeySpec.toLowerCase()}`);
      const signer = await createKmsSigner({ kms, keyId: KeyMetadata.Arn });
      expect(signer.algorithm).toBe(KeySpec.startsWith("ECC") ? "AWS4-X509-ECDSA-SHA256" : "AWS4-X509-RSA-SHA256");

      const credentials = await fromRolesAnywhere({ ...arns(), certificate, privateKey: signer })();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(kms.signRequests).toEqual([
        {
          KeyId: KeyMetadata.Arn,
          MessageType: "RAW",
          SigningAlgorithm: KeySpec.startsWith("ECC") ? "ECDSA_SHA_256" : "RSASSA_PKCS1_V1_5_SHA_256",
          MessageLength: expect.any(Number),
        },
      ]);
      // What KMS signed is the AWS4-X509 string to sign, and the signature is DER that verifies with the KMS public key.
      const message = new TextEncoder().encode("AWS4-X509-ECDSA-SHA256\n20261125T000000Z\nscope\nhash");
      const signature = await signer.sign(message);
      expect(
        verify(
          "sha256",
          message,
          { key: createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" }), dsaEncoding: "der" },
          signature,
        ),
      ).toBe(true);
    },
  );

  it("calls Sign with the KMS request shape (KeyId, RAW Message, SigningAlgorithm) and surfaces KMS errors", async () => {
    const kms = createLocalKms();
    const { KeyMetadata } = await kms.createKey({ KeySpec: "ECC_NIST_P256" });
    const certificate = ca.issueFor((await kms.getPublicKey({ KeyId: KeyMetadata.KeyId })).PublicKey, "kms-missing");
    const signer = await createKmsSigner({ kms, keyId: "arn:aws:kms:us-east-1:123456789012:key/deleted", keySpec: "ECC_NIST_P256" });
    const error = await fromRolesAnywhere({ ...arns(), certificate, privateKey: signer, maxRetries: 0 })().then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeDefined();
    expect(`${error!.name} ${error!.message} ${String((error as RolesAnywhereError).cause ?? "")}`).toMatch(
      /NotFoundException|does not exist/,
    );
  });

  it("refuses KMS key specs Roles Anywhere cannot use", () => {
    expect(() => algorithmsFor("ECC_SECG_P256K1")).toThrow(/cannot sign for Roles Anywhere/);
    expect(() => algorithmsFor("HMAC_256")).toThrow(/cannot sign/);
    expect(algorithmsFor("ML_DSA_65")).toEqual({ algorithm: "AWS4-X509-MLDSA", signingAlgorithm: "ML_DSA_SHAKE_256" });
  });

  it.skipIf(!liboqs).each(["ML_DSA_44", "ML_DSA_65", "ML_DSA_87"] as const)(
    `[needs:liboqs] signs AWS4-X509-MLDSA requests with a %s KMS key (verified with liboqs)${liboqsSkipReason}`,
    async (KeySpec) => {
      const kms = createLocalKms();
      const { KeyMetadata } = await kms.createKey({ KeySpec });
      const { PublicKey } = await kms.getPublicKey({ KeyId: KeyMetadata.KeyId });
      const certificate = ca.issueFor(PublicKey, `kms-${KeySpec.toLowerCase()}`);
      const identity = await loadSigningIdentity(
        { certificate, privateKey: await createKmsSigner({ kms, keyId: KeyMetadata.Arn }) },
        new Date(),
      );
      expect(identity.signer.algorithm).toBe("AWS4-X509-MLDSA");
      const request = await signCreateSessionRequest({ ...arns(), region: "us-east-1", durationSeconds: 900 }, identity, new Date());
      const signatureHex = /Signature=([0-9a-f]+)$/.exec(request.headers.authorization!)![1]!;
      const rawPublicKey = new Uint8Array(
        PublicKey.subarray(PublicKey.length - { ML_DSA_44: 1312, ML_DSA_65: 1952, ML_DSA_87: 2592 }[KeySpec]),
      );
      const verifier = await liboqs![({ ML_DSA_44: "ML-DSA-44", ML_DSA_65: "ML-DSA-65", ML_DSA_87: "ML-DSA-87" } as const)[KeySpec]]();
      try {
        expect(
          verifier.verify(new TextEncoder().encode(request.stringToSign), new Uint8Array(Buffer.from(signatureHex, "hex")), rawPublicKey),
        ).toBe(true);
      } finally {
        verifier.destroy();
      }
      expect(kms.signRequests.map((r) => `${r.SigningAlgorithm}/${r.MessageType}`)).toEqual(["ML_DSA_SHAKE_256/RAW"]);
    },
  );

  it("gets credentials from the emulator with an ML-DSA KMS key", async () => {
    const kms = createLocalKms();
    const { KeyMetadata } = await kms.createKey({ KeySpec: "ML_DSA_65" });
    const certificate = ca.issueFor((await kms.getPublicKey({ KeyId: KeyMetadata.KeyId })).PublicKey, "kms-ml-dsa-e2e");
    const credentials = await fromRolesAnywhere({
      ...arns(),
      certificate,
      privateKey: await createKmsSigner({ kms, keyId: KeyMetadata.Arn }),
      maxRetries: 0,
    })();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(kms.signRequests.map((r) => r.SigningAlgorithm)).toEqual(["ML_DSA_SHAKE_256"]);
  });

  it.skipIf(!hasDist)(
    `node examples/custom-signer/run.mjs prints credentials${hasDist ? "" : " (skipped: dist/ missing; run npm run build)"}`,
    async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ["examples/custom-signer/run.mjs"], { cwd: ROOT, timeout: 60_000 });
      expect(stdout).toMatch(/^Sign calls: +ECDSA_SHA_256\/RAW$/m);
      expect(stdout).toMatch(/^AccessKeyId: +ASIA[A-Z0-9]{16}$/m);
    },
  );
});
