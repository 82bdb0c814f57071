// Bench PKI: a CA and leaf certificates of any key type, built with node:crypto and a tiny DER
// writer (no pkijs, so the bench process loads nothing the measured code would otherwise share).
import { createHash, generateKeyPair, randomBytes, sign } from "node:crypto";
import { promisify } from "node:util";

const generateKeyPairAsync = promisify(generateKeyPair);
const HOUR = 60 * 60 * 1000;
/** A year, as a deployed workload certificate would have: shorter ones make the CLI warn on every run, which the rows would then measure. */
const VALIDITY_HOURS = 365 * 24;

const length = (n) => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...parts) => tlv(0x30, ...parts);
const set = (...parts) => tlv(0x31, ...parts);
const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups = [];
    for (let v = n; ; v = Math.floor(v / 128)) {
      groups.unshift(v & 0x7f);
      if (v < 128) break;
    }
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(out));
};
const integer = (bytes) => tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const utf8 = (s) => tlv(0x0c, Buffer.from(s, "utf8"));
const utcTime = (d) => tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`, "ascii"));
const bitString = (bytes, unused = 0) => tlv(0x03, Buffer.from([unused]), bytes);
const octets = (bytes) => tlv(0x04, bytes);
const bool = (v) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const explicit = (n, inner) => tlv(0xa0 + n, inner);
const name = (cn) => seq(set(seq(oid("2.5.4.3"), utf8(cn))));
const extension = (id, critical, value) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

const sigAlg = (key) =>
  key.asymmetricKeyType === "rsa"
    ? seq(oid("1.2.840.113549.1.1.11"), tlv(0x05, Buffer.alloc(0))) // sha256WithRSAEncryption
    : seq(oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256

const spkiOf = (publicKey) => publicKey.export({ type: "spki", format: "der" });
/** SHA-1 of the whole SPKI: a stable key identifier (any unique value will do for the chain). */
const keyIdOf = (publicKey) => createHash("sha1").update(spkiOf(publicKey)).digest();

const certificate = ({ subject, issuer, publicKey, signerKey, issuerKeyId, ca }) => {
  const start = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const ski = keyIdOf(publicKey);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg(signerKey),
    name(issuer),
    seq(utcTime(start), utcTime(new Date(start.getTime() + VALIDITY_HOURS * HOUR))),
    name(subject),
    spkiOf(publicKey),
    explicit(
      3,
      seq(
        extension("2.5.29.19", true, seq(...(ca ? [bool(true)] : []))),
        extension("2.5.29.15", true, ca ? bitString(Buffer.from([0x06]), 1) : bitString(Buffer.from([0x80]), 7)),
        extension("2.5.29.14", false, octets(ski)),
        extension("2.5.29.35", false, seq(tlv(0x80, issuerKeyId ?? ski))),
      ),
    ),
  );
  const der = seq(tbs, sigAlg(signerKey), bitString(sign("sha256", tbs, signerKey)));
  const b64 = der
    .toString("base64")
    .match(/.{1,64}/g)
    .join("\n");
  return { der, pem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`, keyId: ski };
};

/**
 * Generates a key pair. `spec` is `{ type: "RSA", bits }` or `{ type: "EC", curve: "P-256" | "P-384" | "P-521" }`.
 * @param {{ type: "RSA", bits: number } | { type: "EC", curve: string }} spec
 */
export const generateKey = (spec) =>
  spec.type === "RSA"
    ? generateKeyPairAsync("rsa", { modulusLength: spec.bits, publicExponent: 0x10001 })
    : generateKeyPairAsync("ec", { namedCurve: spec.curve });

/**
 * A self-signed CA (CA:TRUE, keyCertSign+cRLSign) with a key of `spec`.
 * @returns {Promise<{ pem: string, keyId: Buffer, keys: { publicKey: import("node:crypto").KeyObject, privateKey: import("node:crypto").KeyObject }, name: string }>}
 */
export const createCa = async (spec, caName = "Bench CA") => {
  const keys = await generateKey(spec);
  const cert = certificate({ subject: caName, issuer: caName, publicKey: keys.publicKey, signerKey: keys.privateKey, ca: true });
  return { ...cert, keys, name: caName };
};

/**
 * A leaf (CA:FALSE, digitalSignature) issued by `ca`, with a fresh key of `spec`.
 * @returns {Promise<{ certificatePem: string, privateKeyPem: string }>}
 */
export const issueLeaf = async (ca, spec, subject) => {
  const keys = await generateKey(spec);
  const cert = certificate({
    subject,
    issuer: ca.name,
    publicKey: keys.publicKey,
    signerKey: ca.keys.privateKey,
    issuerKeyId: ca.keyId,
    ca: false,
  });
  return { certificatePem: cert.pem, privateKeyPem: keys.privateKey.export({ type: "pkcs8", format: "pem" }) };
};
