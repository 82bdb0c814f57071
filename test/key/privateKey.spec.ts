import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { loadSigningIdentity } from "../../src/identity/identity";
import { loadPrivateKey } from "../../src/key/loadPrivateKey";
import { testLeaf } from "../support/fixtures";
import { hasOpenssl, openssl } from "../support/opensslTool";
import { createTestCa, issueTestCertificate } from "../support/pki";

const codeOf = async (promise: Promise<unknown> | (() => unknown)): Promise<RolesAnywhereError> => {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(RolesAnywhereError);
    return error as RolesAnywhereError;
  }
  throw new Error("expected a RolesAnywhereError");
};

describe("private key formats", () => {
  it.each([
    ["RSA", { type: "RSA", bits: 2048 }, "pkcs1"],
    ["EC P-256", { type: "EC", curve: "P-256" }, "sec1"],
    ["EC P-384", { type: "EC", curve: "P-384" }, "sec1"],
    ["EC P-521", { type: "EC", curve: "P-521" }, "sec1"],
  ] as const)("loads a %s key as PKCS#8 and traditional, PEM and DER", async (_name, spec, traditional) => {
    const leaf = await testLeaf(spec);
    const key = createPrivateKey(leaf.key.privateKeyPem);
    const inputs = [
      key.export({ format: "pem", type: "pkcs8" }) as string,
      new Uint8Array(key.export({ format: "der", type: "pkcs8" })),
      key.export({ format: "pem", type: traditional }) as string,
      new Uint8Array(key.export({ format: "der", type: traditional })),
    ];
    for (const privateKey of inputs) {
      const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey }, new Date());
      expect(identity.signer.algorithm).toBe(spec.type === "RSA" ? "AWS4-X509-RSA-SHA256" : "AWS4-X509-ECDSA-SHA256");
    }
  });

  it("keeps an RSA key's RSAPrivateKey (PKCS#1) beside its PKCS#8, from either form; none for EC", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const pkcs1 = new Uint8Array(rsa.export({ format: "der", type: "pkcs1" }));
    for (const input of [rsa.export({ format: "pem", type: "pkcs8" }) as string, rsa.export({ format: "pem", type: "pkcs1" }) as string]) {
      const key = await loadPrivateKey(input);
      expect(Buffer.from(key.pkcs1!)).toEqual(Buffer.from(pkcs1));
      expect(Buffer.from(key.pkcs8)).toEqual(rsa.export({ format: "der", type: "pkcs8" }));
    }
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    expect((await loadPrivateKey(ec.export({ format: "pem", type: "pkcs8" }) as string)).pkcs1).toBeUndefined();
  });

  it.skipIf(!hasOpenssl)(
    `reads a multi-prime RSA key (three primes) as PKCS#1 and as PKCS#8, and signs with it${hasOpenssl ? "" : " (skipped: openssl is not installed)"}`,
    async () => {
      const pkcs8Pem = openssl([
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-pkeyopt",
        "rsa_keygen_primes:3",
      ]).toString();
      const pkcs1Pem = openssl(["rsa", "-traditional"], pkcs8Pem).toString();
      expect(pkcs1Pem).toContain("BEGIN RSA PRIVATE KEY");
      const privateKey = createPrivateKey(pkcs8Pem);
      const publicKey = createPublicKey(privateKey);
      const key = {
        spec: { type: "RSA" as const },
        privateKey,
        publicKey,
        privateKeyPem: pkcs8Pem,
        publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      };
      const leaf = await issueTestCertificate({ issuer: await createTestCa(), key, subject: { CN: "three-primes" } });
      for (const input of [pkcs1Pem, pkcs8Pem]) {
        const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: input }, new Date());
        const data = new TextEncoder().encode("string to sign");
        expect(verify("sha256", data, publicKey, await identity.signer.sign(data))).toBe(true);
      }
    },
  );

  it("names an RSASSA-PSS key and says what to use instead", async () => {
    const key = generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const error = await codeOf(loadPrivateKey(key));
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/^The private key is an RSASSA-PSS key .*PKCS#1 v1\.5\).*Use an RSA \(2048 bits or more\)/);
  });

  it("reads a SEC1 key without curve parameters using the certificate's curve", async () => {
    const leaf = await testLeaf({ type: "EC", curve: "P-256" });
    const sec1 = new Uint8Array(createPrivateKey(leaf.key.privateKeyPem).export({ format: "der", type: "sec1" }));
    // Rebuild the ECPrivateKey without its [0] parameters: SEQUENCE { INTEGER 1, OCTET STRING d, [1] publicKey }.
    const der = Buffer.from(sec1);
    const d = der.subarray(7, 7 + 32);
    const bare = Buffer.concat([Buffer.from([0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20]), d]);
    expect((await loadPrivateKey(new Uint8Array(bare), { curveHint: "P-256" })).namedCurve).toBe("P-256");
  });

  it("uses the key from a PEM holding certificate and key together", async () => {
    const leaf = await testLeaf();
    const identity = await loadSigningIdentity({ certificate: `${leaf.certificatePem}\n${leaf.key.privateKeyPem}` }, new Date());
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
  });

  it("asks for a passphrase for encrypted PKCS#8 (the encrypted-key matrix is in test/keys)", async () => {
    const leaf = await testLeaf();
    const encrypted = createPrivateKey(leaf.key.privateKeyPem).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: "s3cret-pass",
    }) as string;
    const error = await codeOf(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: encrypted }, new Date()));
    expect(error.code).toBe("ERR_BAD_PASSPHRASE");
    expect(error.message).toMatch(/encrypted and no passphrase was given/);
    expect(error.message).not.toContain("s3cret-pass");
    const identity = await loadSigningIdentity(
      { certificate: leaf.certificatePem, privateKey: encrypted, passphrase: "s3cret-pass" },
      new Date(),
    );
    expect(identity.certificate.serialNumber).toBe(leaf.serial);
  });

  it("asks for a passphrase for legacy encrypted PEM", async () => {
    const leaf = await testLeaf({ type: "RSA", bits: 2048 });
    const legacy = createPrivateKey(leaf.key.privateKeyPem).export({
      format: "pem",
      type: "pkcs1",
      cipher: "aes-128-cbc",
      passphrase: "pw",
    }) as string;
    expect((await codeOf(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: legacy }, new Date()))).code).toBe(
      "ERR_BAD_PASSPHRASE",
    );
    expect(
      (await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: legacy, passphrase: "pw" }, new Date())).signer.algorithm,
    ).toBe("AWS4-X509-RSA-SHA256");
  });

  it("rejects Ed25519 and DSA keys as unsupported", async () => {
    const ed = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    expect((await codeOf(loadPrivateKey(ed))).message).toMatch(/Ed25519/);
    const dsa = generateKeyPairSync("dsa", { modulusLength: 1024, divisorLength: 160 }).privateKey.export({
      format: "pem",
      type: "pkcs8",
    }) as string;
    const error = await codeOf(loadPrivateKey(dsa));
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/DSA/);
  });

  it("says what to do with a traditional DSA key or an OpenSSH key, on the path the provider takes", async () => {
    const leaf = await testLeaf();
    // OpenSSL's traditional DSA form (Node cannot write it); the label alone decides.
    const dsa = "-----BEGIN DSA PRIVATE KEY-----\nMAMCAQA=\n-----END DSA PRIVATE KEY-----\n";
    const dsaError = await codeOf(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: dsa }, new Date()));
    expect(dsaError.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(dsaError.message).toMatch(/DSA key.*Use an RSA/);
    const openssh =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n";
    const sshError = await codeOf(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: openssh }, new Date()));
    expect(sshError.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(sshError.message).toMatch(/OpenSSH format.*ssh-keygen -p -m PKCS8/);
  });

  it.each([
    ["plain text", "not a key"],
    ["a PEM without a key", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"],
    ["a broken PEM body", "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"],
    ["random DER", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])],
  ])("rejects %s with ERR_INVALID_PRIVATE_KEY", async (_name, input) => {
    const error = await codeOf(loadPrivateKey(input));
    expect(error.code).toBe("ERR_INVALID_PRIVATE_KEY");
    expect(error.message).toMatch(/PKCS#8/);
  });

  it("never puts key bytes in an error about a malformed key", async () => {
    const leaf = await testLeaf({ type: "RSA", bits: 2048 });
    const pem = leaf.key.privateKeyPem;
    const body = pem.split("\n")[5]!;
    const broken = pem.replace(body, body.slice(0, 10) + "@@" + body.slice(12));
    const error = await codeOf(loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: broken }, new Date()));
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(body.slice(20, 40));
  });
});
