import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { concatBytes, decodeOid, parseDer } from "../../src/encoding/der";
import { loadSigningIdentity } from "../../src/identity/identity";
import { readPkcs12 } from "../../src/key/pkcs12/pkcs12";
import { hasOpenssl, openssl, readBytes, tempDir } from "../support/opensslTool";

const hasKeytool = spawnSync("keytool", ["-help"], { stdio: "ignore" }).status === 0;
const PASS = "changeit-123";
const tmp = tempDir();
afterAll(() => tmp.cleanup());

let counter = 0;
const keytoolP12 = (keyalg: string[], extraJava: string[] = []): Uint8Array => {
  const file = tmp.path(`java-${counter++}.p12`);
  const result = spawnSync(
    "keytool",
    [
      ...extraJava,
      "-genkeypair",
      "-alias",
      "workload",
      ...keyalg,
      "-dname",
      "CN=java-keystore",
      "-validity",
      "2",
      "-keystore",
      file,
      "-storetype",
      "PKCS12",
      "-storepass",
      PASS,
      "-keypass",
      PASS,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(`keytool failed: ${result.stderr}`);
  return readBytes(file);
};

describe.skipIf(!hasKeytool)(`PKCS#12 files made by Java keytool${hasKeytool ? "" : " (skipped: keytool is not installed)"}`, () => {
  it.each([
    ["EC P-256", ["-keyalg", "EC", "-groupname", "secp256r1"]],
    ["RSA 2048", ["-keyalg", "RSA", "-keysize", "2048"]],
  ])("reads a %s keystore in the JDK's default format (PBES2 AES-256, HmacPBESHA256 MAC)", async (_name, keyalg) => {
    const identity = await loadSigningIdentity({ pkcs12: keytoolP12(keyalg), passphrase: PASS }, new Date());
    expect(identity.certificate.subject.find((a) => a.shortName === "CN")?.value).toBe("java-keystore");
    expect(identity.chain).toEqual([]);
    const wrong = await loadSigningIdentity({ pkcs12: keytoolP12(keyalg), passphrase: "not-it" }, new Date()).catch(
      (error: { code?: string }) => error.code,
    );
    expect(wrong).toBe("ERR_BAD_PASSPHRASE");
  });

  it("reads a keystore in the JDK's legacy format (-Dkeystore.pkcs12.legacy: RC2-40 certificates, 3DES key, SHA-1 MAC)", async () => {
    const file = keytoolP12(["-keyalg", "EC", "-groupname", "secp256r1"], ["-J-Dkeystore.pkcs12.legacy"]);
    // The MAC is HMAC-SHA1: this really is the legacy layout.
    const macAlgorithm = parseDer(file)!.children[2]!.children[0]!.children[0]!.children[0]!;
    expect(decodeOid(macAlgorithm.content)).toBe("1.3.14.3.2.26");
    const identity = await loadSigningIdentity({ pkcs12: file, passphrase: PASS }, new Date());
    expect(identity.signer.algorithm).toBe("AWS4-X509-ECDSA-SHA256");
  });
});

/** Re-encodes the PFX, its authSafe ContentInfo and [0] with indefinite lengths, and the authSafe OCTET STRING as constructed 100-byte segments (as Windows and some Java versions write). */
const toBer = (der: Uint8Array): Uint8Array => {
  const pfx = parseDer(der)!;
  const [version, authSafe, macData] = pfx.children;
  const [contentType, explicit] = authSafe!.children;
  const octets = explicit!.children[0]!.content;
  const segments: Uint8Array[] = [];
  for (let i = 0; i < octets.length; i += 100) {
    const chunk = octets.subarray(i, i + 100);
    segments.push(Uint8Array.of(0x04, 0x81, chunk.length), chunk);
  }
  const EOC = Uint8Array.of(0, 0);
  const constructedOctets = concatBytes(Uint8Array.of(0x24, 0x80), ...segments, EOC);
  const explicitBer = concatBytes(Uint8Array.of(0xa0, 0x80), constructedOctets, EOC);
  const authSafeBer = concatBytes(Uint8Array.of(0x30, 0x80), contentType!.raw, explicitBer, EOC);
  return concatBytes(Uint8Array.of(0x30, 0x80), version!.raw, authSafeBer, macData!.raw, EOC);
};

describe.skipIf(!hasOpenssl)(`BER-encoded PKCS#12${hasOpenssl ? "" : " (skipped: openssl is not installed)"}`, () => {
  it("reads indefinite lengths and a constructed authSafe OCTET STRING, MAC still checked", async () => {
    const key = tmp.path("ber.key");
    const cert = tmp.path("ber.crt");
    openssl([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-subj",
      "/CN=ber",
      "-days",
      "1",
      "-out",
      cert,
    ]);
    const file = tmp.path("ber.p12");
    openssl(["pkcs12", "-export", "-inkey", key, "-in", cert, "-passout", `pass:${PASS}`, "-out", file]);
    const der = readBytes(file);
    const ber = toBer(der);
    expect(ber.length).toBeGreaterThan(der.length);
    const fromDer = await readPkcs12(der, PASS);
    const fromBer = await readPkcs12(ber, PASS);
    expect(fromBer.certificates.map((c) => Buffer.from(c.der).toString("hex"))).toEqual(
      fromDer.certificates.map((c) => Buffer.from(c.der).toString("hex")),
    );
    expect(fromBer.keys).toHaveLength(1);
    await expect(readPkcs12(ber, "wrong")).rejects.toMatchObject({ code: "ERR_BAD_PASSPHRASE" });
  });
});
