import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { PcaKeyAlgorithm, PcaSigningAlgorithm } from "../state/pcaRecords";
import { nul, oid, seq } from "./derWriter";

/** A private CA's key pair as the emulator keeps it. @internal */
export interface CaKey {
  readonly privateKey: KeyObject;
  /** PKCS#8 DER. */
  readonly pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
}

const KEY_SPECS: Record<PcaKeyAlgorithm, { type: "rsa"; modulusLength: number } | { type: "ec"; namedCurve: string }> = {
  RSA_2048: { type: "rsa", modulusLength: 2048 },
  RSA_3072: { type: "rsa", modulusLength: 3072 },
  RSA_4096: { type: "rsa", modulusLength: 4096 },
  EC_prime256v1: { type: "ec", namedCurve: "P-256" },
  EC_secp384r1: { type: "ec", namedCurve: "P-384" },
  EC_secp521r1: { type: "ec", namedCurve: "P-521" },
};

/** The key algorithms the emulator can generate. @internal */
export const SUPPORTED_KEY_ALGORITHMS = Object.keys(KEY_SPECS) as PcaKeyAlgorithm[];

const SIGNING: Record<PcaSigningAlgorithm, { oid: string; hash: string; keyType: "rsa" | "ec" }> = {
  SHA256WITHRSA: { oid: "1.2.840.113549.1.1.11", hash: "sha256", keyType: "rsa" },
  SHA384WITHRSA: { oid: "1.2.840.113549.1.1.12", hash: "sha384", keyType: "rsa" },
  SHA512WITHRSA: { oid: "1.2.840.113549.1.1.13", hash: "sha512", keyType: "rsa" },
  SHA256WITHECDSA: { oid: "1.2.840.10045.4.3.2", hash: "sha256", keyType: "ec" },
  SHA384WITHECDSA: { oid: "1.2.840.10045.4.3.3", hash: "sha384", keyType: "ec" },
  SHA512WITHECDSA: { oid: "1.2.840.10045.4.3.4", hash: "sha512", keyType: "ec" },
};

/** The signing algorithms the emulator can sign with. @internal */
export const SUPPORTED_SIGNING_ALGORITHMS = Object.keys(SIGNING) as PcaSigningAlgorithm[];

/** Generates a CA key (RSA with e = 65537, or an EC key on the named curve). @internal */
export function generateCaKey(algorithm: PcaKeyAlgorithm): CaKey {
  const spec = KEY_SPECS[algorithm];
  const pair =
    spec.type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: spec.modulusLength, publicExponent: 0x10001 })
      : generateKeyPairSync("ec", { namedCurve: spec.namedCurve });
  return {
    privateKey: pair.privateKey,
    pkcs8: new Uint8Array(pair.privateKey.export({ type: "pkcs8", format: "der" })),
    spki: new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" })),
  };
}

/** Reloads a CA key from its PKCS#8 DER (the state file keeps that). @internal */
export function loadCaKey(pkcs8: Uint8Array): CaKey {
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
  const spki = new Uint8Array(createPublicKey(privateKey).export({ type: "spki", format: "der" }));
  return { privateKey, pkcs8, spki };
}

/** Whether a signing algorithm fits a key algorithm (RSA with RSA, ECDSA with EC). @internal */
export const signingFitsKey = (signing: PcaSigningAlgorithm, key: PcaKeyAlgorithm): boolean =>
  SIGNING[signing].keyType === KEY_SPECS[key].type;

/** The AlgorithmIdentifier DER of a signing algorithm (RSA with a NULL parameter, ECDSA without). @internal */
export const algorithmIdentifier = (signing: PcaSigningAlgorithm): Uint8Array =>
  SIGNING[signing].keyType === "rsa" ? seq(oid(SIGNING[signing].oid), nul()) : seq(oid(SIGNING[signing].oid));

/** Signs `data` (RSASSA-PKCS1-v1_5 or DER-encoded ECDSA). @internal */
export const signWith = (signing: PcaSigningAlgorithm, key: KeyObject, data: Uint8Array): Uint8Array =>
  new Uint8Array(sign(SIGNING[signing].hash, data, { key, dsaEncoding: "der" }));
