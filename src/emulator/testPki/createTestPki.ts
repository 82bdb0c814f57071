import { asBufferSource } from "../../encoding/der";
import { encodePem } from "../../encoding/pem";
import { RolesAnywhereError } from "../../errors";
import { ecdsaRawToDer } from "../../encoding/ecdsaSignature";
import {
  type TestSignatureAlgorithm,
  type TestSubject,
  SUBJECT_ATTRIBUTES,
  encodeCertificate,
  encodeTbsCertificate,
} from "./certificateTemplate";

/**
 * Options of {@link createTestPki}.
 *
 * @public
 */
export interface TestPkiOptions {
  /** Subject of the first leaf. Default `{ CN: "test-workload" }`. */
  readonly subject?: TestSubject;
  /** Subject of the CA. Default `{ CN: "Test CA" }`. */
  readonly caSubject?: TestSubject;
  /** Keys of the CA and the leaves: EC P-256 (default) or RSA 2048 bits. */
  readonly keyType?: "EC" | "RSA";
  /** Certificates are valid from an hour before this time. Default: now. */
  readonly now?: Date;
  /** How long certificates are valid, in days (1 to 3650). Default 30. */
  readonly validityDays?: number;
}

/**
 * A certificate and its private key, as PEM.
 *
 * @public
 */
export interface TestCertificate {
  readonly certificatePem: string;
  /** Unencrypted PKCS#8. */
  readonly privateKeyPem: string;
  /** The serial number in lowercase hex, as the emulator's session names show it. */
  readonly serialHex: string;
}

/**
 * A throw-away CA and an end-entity certificate it issued, for tests against the emulator.
 *
 * @public
 */
export interface TestPki {
  /** The CA certificate: use it as a trust anchor's certificate. */
  readonly caPem: string;
  readonly caKeyPem: string;
  /** The leaf certificate and its key: what `fromRolesAnywhere()` signs with. */
  readonly leafPem: string;
  readonly leafKeyPem: string;
  readonly leafSerialHex: string;
  /** Issues another leaf from the same CA (another workload, another subject). */
  issueLeaf(subject?: TestSubject): Promise<TestCertificate>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const invalid = (message: string): RolesAnywhereError => new RolesAnywhereError("ERR_INVALID_OPTION", message);

const checkSubject = (name: string, subject: TestSubject): void => {
  if (typeof subject !== "object" || subject === null) throw invalid(`${name} must be an object such as { CN: "workload" }.`);
  for (const [key, value] of Object.entries(subject)) {
    if (!(SUBJECT_ATTRIBUTES as readonly string[]).includes(key))
      throw invalid(`${name}.${key} is not supported; use ${SUBJECT_ATTRIBUTES.join(", ")}.`);
    if (typeof value !== "string" || value === "") throw invalid(`${name}.${key} must be a non-empty string.`);
  }
  if (Object.keys(subject).length === 0)
    throw invalid(`${name} must have at least one attribute (Roles Anywhere refuses an empty subject).`);
  if (subject.C !== undefined && !/^[A-Z]{2}$/.test(subject.C)) throw invalid(`${name}.C must be a two-letter country code such as "DE".`);
};

interface KeyPair {
  readonly privateKey: CryptoKey;
  readonly spki: Uint8Array;
  readonly pkcs8: Uint8Array;
}

const ALGORITHMS = {
  EC: { generate: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" }, signature: "ecdsa-with-SHA256" },
  RSA: {
    generate: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: "SHA-256" },
    sign: { name: "RSASSA-PKCS1-v1_5" },
    signature: "sha256WithRSAEncryption",
  },
} as const satisfies Record<string, { generate: object; sign: object; signature: TestSignatureAlgorithm }>;

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * Creates a CA (X.509 v3, basicConstraints cA=TRUE, keyCertSign) and a leaf it issued (v3,
 * cA=FALSE, digitalSignature, extendedKeyUsage clientAuth), with fresh keys, for tests and labs:
 * the CA goes into the emulator's trust anchor, the leaf and its key into `fromRolesAnywhere()`.
 * Uses WebCrypto only; no dependency beyond this package. Never use these for anything real.
 *
 * @example
 * ```ts
 * const pki = await createTestPki({ subject: { CN: "workload-1", O: "Example" } });
 * const emu = await startEmulator({ trustAnchors: [{ id: "TA", certificates: [pki.caPem] }], … });
 * fromRolesAnywhere({ …, certificate: pki.leafPem, privateKey: pki.leafKeyPem, endpoint: emu.url });
 * ```
 * @throws `RolesAnywhereError` with `ERR_INVALID_OPTION` for a bad option.
 * @public
 */
export const createTestPki = async (options: TestPkiOptions = {}): Promise<TestPki> => {
  const keyType = options.keyType ?? "EC";
  if (keyType !== "EC" && keyType !== "RSA") throw invalid('keyType must be "EC" or "RSA".');
  const validityDays = options.validityDays ?? 30;
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > 3650)
    throw invalid("validityDays must be a whole number from 1 to 3650.");
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw invalid("now must be a valid Date.");
  const caSubject = options.caSubject ?? { CN: "Test CA" };
  checkSubject("caSubject", caSubject);
  const firstSubject = options.subject ?? { CN: "test-workload" };
  checkSubject("subject", firstSubject);

  const { subtle } = globalThis.crypto;
  const algorithm = ALGORITHMS[keyType];
  const notBefore = new Date(Math.floor((now.getTime() - HOUR_MS) / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + HOUR_MS + validityDays * DAY_MS);

  const generateKey = async (): Promise<KeyPair> => {
    const pair = (await subtle.generateKey(algorithm.generate, true, ["sign", "verify"])) as CryptoKeyPair;
    return {
      privateKey: pair.privateKey,
      spki: new Uint8Array(await subtle.exportKey("spki", pair.publicKey)),
      pkcs8: new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey)),
    };
  };
  const keyId = async (spki: Uint8Array): Promise<Uint8Array> =>
    new Uint8Array(await subtle.digest("SHA-256", asBufferSource(spki))).subarray(0, 20);
  const serialNumber = (): Uint8Array => {
    const serial = globalThis.crypto.getRandomValues(new Uint8Array(16));
    serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, 16 significant bytes
    return serial;
  };
  const sign = async (signer: CryptoKey, tbs: Uint8Array): Promise<Uint8Array> => {
    const signature = new Uint8Array(await subtle.sign(algorithm.sign, signer, asBufferSource(tbs)));
    return keyType === "EC" ? ecdsaRawToDer(signature) : signature;
  };

  const caKey = await generateKey();
  const caKeyId = await keyId(caKey.spki);
  const caTbs = encodeTbsCertificate({
    serial: serialNumber(),
    signatureAlgorithm: algorithm.signature,
    issuer: caSubject,
    subject: caSubject,
    notBefore,
    notAfter,
    spki: caKey.spki,
    role: "ca",
    subjectKeyId: caKeyId,
    authorityKeyId: caKeyId,
  });
  const caPem = encodePem("CERTIFICATE", encodeCertificate(caTbs, algorithm.signature, await sign(caKey.privateKey, caTbs)));

  const issueLeaf = async (subject: TestSubject = { CN: "test-workload" }): Promise<TestCertificate> => {
    checkSubject("subject", subject);
    const key = await generateKey();
    const serial = serialNumber();
    const tbs = encodeTbsCertificate({
      serial,
      signatureAlgorithm: algorithm.signature,
      issuer: caSubject,
      subject,
      notBefore,
      notAfter,
      spki: key.spki,
      role: "leaf",
      subjectKeyId: await keyId(key.spki),
      authorityKeyId: caKeyId,
    });
    return {
      certificatePem: encodePem("CERTIFICATE", encodeCertificate(tbs, algorithm.signature, await sign(caKey.privateKey, tbs))),
      privateKeyPem: encodePem("PRIVATE KEY", key.pkcs8),
      serialHex: toHex(serial),
    };
  };

  const leaf = await issueLeaf(firstSubject);
  return {
    caPem,
    caKeyPem: encodePem("PRIVATE KEY", caKey.pkcs8),
    leafPem: leaf.certificatePem,
    leafKeyPem: leaf.privateKeyPem,
    leafSerialHex: leaf.serialHex,
    issueLeaf,
  };
};
