import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlDsaCa, mlDsaPkcs8, pem } from "../support/mlDsaMaterial";
import { hasOpenssl, openssl } from "../support/opensslTool";
import { type IdentityFiles, makeIdentity, runCli } from "../support/cli";

/** aws_signing_helper's fixed string, computed independently: text ‖ "1" ‖ SHA-256("IAM RA" ‖ public key bytes). */
const fixedString = (publicKeyPem: string): Buffer => {
  const key = createPublicKey(publicKeyPem);
  const { x, y } = key.export({ format: "jwk" });
  // RSA: the PKCS#1 RSAPublicKey DER; EC: the uncompressed point 04 ‖ x ‖ y.
  const bytes =
    key.asymmetricKeyType === "rsa"
      ? key.export({ type: "pkcs1", format: "der" })
      : Buffer.concat([Buffer.of(4), Buffer.from(x!, "base64url"), Buffer.from(y!, "base64url")]);
  const digest = createHash("sha256")
    .update(Buffer.concat([Buffer.from("IAM RA"), bytes]))
    .digest();
  return Buffer.concat([Buffer.from("AWS Roles Anywhere Credential Helper Signing Test1"), digest]);
};

let ec: IdentityFiles;
let rsa: IdentityFiles;
beforeAll(async () => {
  [ec, rsa] = await Promise.all([makeIdentity(), makeIdentity({ rsa: true })]);
});
afterAll(async () => {
  await Promise.all([ec.cleanup(), rsa.cleanup()]);
});

describe("sign-string", () => {
  it.each(["SHA256", "SHA384", "SHA512"] as const)(
    "RSA, --digest %s --format text: the hex signature, byte for byte what PKCS#1 v1.5 (deterministic) gives, no newline",
    async (digest) => {
      const r = await runCli(["sign-string", "--certificate", rsa.cert, "--private-key", rsa.key, "--digest", digest, "--format", "text"]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      const message = fixedString(rsa.leaf.key.publicKeyPem);
      const expected = nodeSign(digest.replace("SHA", "sha"), message, createPrivateKey(rsa.leaf.key.privateKeyPem)).toString("hex");
      expect(r.stdout).toBe(expected);
      if (hasOpenssl) {
        const viaOpenssl = openssl(["dgst", `-${digest.toLowerCase()}`, "-sign", rsa.key], message).toString("hex");
        expect(r.stdout).toBe(viaOpenssl);
      }
    },
  );

  it("defaults: --format json (a JSON string of the hex, no newline) and --digest SHA256; --format bin is the raw bytes", async () => {
    const text = await runCli(["sign-string", "--certificate", rsa.cert, "--private-key", rsa.key, "--format", "text"]);
    const json = await runCli(["sign-string", "--certificate", rsa.cert, "--private-key", rsa.key]);
    const bin = await runCli(["sign-string", "--private-key", rsa.key, "--format", "bin", "--digest", "SHA256"]);
    expect(json.stdout).toBe(`"${text.stdout}"`);
    expect(bin.stdoutBytes.toString("hex")).toBe(text.stdout);
    expect(bin.stdoutBytes).toHaveLength(256);
  });

  it("EC: a DER ECDSA signature over the fixed string with the chosen digest, from the key file alone or a combined PEM", async () => {
    const message = fixedString(ec.leaf.key.publicKeyPem);
    for (const [args, digest] of [
      [["--private-key", ec.key], "sha256"],
      [["--certificate", ec.combined, "--digest", "SHA384"], "sha384"],
      [["--certificate", ec.cert, "--private-key", ec.key, "--digest", "SHA512"], "sha512"],
    ] as const) {
      const r = await runCli(["sign-string", ...args, "--format", "bin"]);
      expect(r.code, r.stderr).toBe(0);
      expect(verify(digest, message, createPublicKey(ec.leaf.key.publicKeyPem), r.stdoutBytes)).toBe(true);
    }
  });

  it("an encrypted key (--pkcs8-password) and a PKCS#12 file sign the same as the plain key", async () => {
    if (!hasOpenssl) return;
    const encrypted = join(rsa.dir, "enc.pem");
    const p12 = join(rsa.dir, "id.p12");
    openssl(["pkcs8", "-topk8", "-in", rsa.key, "-out", encrypted, "-passout", "pass:s3cret-pass", "-v2", "aes-256-cbc"]);
    openssl(["pkcs12", "-export", "-inkey", rsa.key, "-in", rsa.cert, "-passout", "pass:s3cret-pass", "-out", p12]);
    const plain = (await runCli(["sign-string", "--private-key", rsa.key])).stdout;
    const fromEncrypted = await runCli(["sign-string", "--private-key", encrypted, "--pkcs8-password", "s3cret-pass", "--debug"]);
    const fromP12 = await runCli(["sign-string", "--certificate", p12], { env: { ROLES_ANYWHERE_PKCS8_PASSWORD: "s3cret-pass" } });
    expect(fromEncrypted.stdout).toBe(plain);
    expect(fromP12.stdout).toBe(plain);
    expect(fromEncrypted.stderr).toMatch(/signing the fixed string .* with RSA and SHA-256/);
    expect(fromEncrypted.stderr).not.toContain("s3cret-pass");
  });

  it("ML-DSA-65: pure ML-DSA over the text and version only (aws_signing_helper adds no key digest for ML-DSA)", async () => {
    const seed = new Uint8Array(32).fill(5);
    const { publicKey } = ml_dsa65.keygen(seed);
    const cert = join(ec.dir, "mldsa.pem");
    const key = join(ec.dir, "mldsa.key");
    await writeFile(cert, mlDsaCa().issue("ML-DSA-65", publicKey, "pq-sign"));
    await writeFile(key, pem(mlDsaPkcs8("ML-DSA-65", { seed }, "seed")), { mode: 0o600 });
    const r = await runCli(["sign-string", "--certificate", cert, "--private-key", key, "--format", "bin"]);
    expect(r.code, r.stderr).toBe(0);
    expect(
      ml_dsa65.verify(
        new Uint8Array(r.stdoutBytes),
        new TextEncoder().encode("AWS Roles Anywhere Credential Helper Signing Test1"),
        publicKey,
      ),
    ).toBe(true);
  });

  it("refuses a key that is not the certificate's, bad --format/--digest values (case matters, as in aws_signing_helper), and no key", async () => {
    const mismatch = await runCli(["sign-string", "--certificate", ec.cert, "--private-key", rsa.key]);
    expect(mismatch).toMatchObject({ code: 1, stdout: "" });
    expect(mismatch.stderr).toMatch(/does not belong to the certificate .*\[ERR_KEY_MISMATCH\]/);
    const format = await runCli(["sign-string", "--private-key", ec.key, "--format", "JSON"]);
    expect(format).toMatchObject({ code: 2, stdout: "" });
    expect(format.stderr).toMatch(/--format must be one of json, text, bin \(got "JSON"\)/);
    const digest = await runCli(["sign-string", "--private-key", ec.key, "--digest", "sha256"]);
    expect(digest.stderr).toMatch(/--digest must be one of SHA256, SHA384, SHA512/);
    expect(digest.code).toBe(2);
    const none = await runCli(["sign-string"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--certificate and --private-key are both missing/);
    const store = await runCli(["sign-string", "--cert-selector", "Key=x509Subject,Value=CN=x"]);
    expect(store.code).toBe(2);
    expect(store.stderr).toMatch(/--cert-selector selects a certificate in the Windows or macOS certificate store.*pkcs11: URIs/);
  });
});
