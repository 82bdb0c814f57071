import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { createDemoCa } from "../../examples/custom-signer/demo-ca.mjs";
import { concatBytes, encodeOid, encodeTlv } from "../../src/encoding/der";
import { encodePem } from "../../src/encoding/pem";

export type ParameterSet = "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87";
export const ML_DSA_OID: Record<ParameterSet, string> = {
  "ML-DSA-44": "2.16.840.1.101.3.4.3.17",
  "ML-DSA-65": "2.16.840.1.101.3.4.3.18",
  "ML-DSA-87": "2.16.840.1.101.3.4.3.19",
};

const seq = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x30, concatBytes(...parts));
const octets = (bytes: Uint8Array): Uint8Array => encodeTlv(0x04, bytes);

/** SubjectPublicKeyInfo of an ML-DSA public key (RFC 9881: no parameters). */
export const mlDsaSpki = (set: ParameterSet, publicKey: Uint8Array): Uint8Array =>
  seq(seq(encodeOid(ML_DSA_OID[set])), encodeTlv(0x03, concatBytes(Uint8Array.of(0), publicKey)));

/** PKCS#8 of an ML-DSA key in the RFC 9881 seed, expanded or both form, or a bare seed (early drafts). */
export const mlDsaPkcs8 = (
  set: ParameterSet,
  key: { seed?: Uint8Array; expanded?: Uint8Array },
  form: "seed" | "expanded" | "both" | "bare-seed",
): Uint8Array => {
  const inner =
    form === "seed"
      ? encodeTlv(0x80, key.seed!)
      : form === "expanded"
        ? octets(key.expanded!)
        : form === "both"
          ? seq(octets(key.seed!), octets(key.expanded!))
          : key.seed!;
  return seq(encodeTlv(0x02, Uint8Array.of(0)), seq(encodeOid(ML_DSA_OID[set])), octets(inner));
};

/** EncryptedPrivateKeyInfo with PBES2, PBKDF2-HMAC-SHA256 (2048 rounds) and AES-256-CBC, as OpenSSL 3 writes. */
export const encryptPkcs8 = (pkcs8: Uint8Array, passphrase: string): Uint8Array => {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(passphrase, salt, 2048, 32, "sha256");
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return seq(
    seq(
      encodeOid("1.2.840.113549.1.5.13"),
      seq(
        seq(
          encodeOid("1.2.840.113549.1.5.12"),
          seq(octets(salt), encodeTlv(0x02, Uint8Array.of(0x08, 0x00)), seq(encodeOid("1.2.840.113549.2.9"), Uint8Array.of(5, 0))),
        ),
        seq(encodeOid("2.16.840.1.101.3.4.1.42"), octets(iv)),
      ),
    ),
    octets(encrypted),
  );
};

/** A CA (EC P-256) that issues certificates for ML-DSA public keys. */
export const mlDsaCa = () => {
  const ca = createDemoCa("ML-DSA Test CA");
  return {
    certificatePem: ca.certificatePem,
    issue: (set: ParameterSet, publicKey: Uint8Array, subject = `mldsa-${set.toLowerCase()}`): string =>
      ca.issueFor(mlDsaSpki(set, publicKey), subject),
  };
};

export const pem = (der: Uint8Array, label = "PRIVATE KEY"): string => encodePem(label, der);
