/**
 * Test PKI: keys, X.509 certificates and CRLs made in-process for the test suite.
 *
 * Keys come from `node:crypto`; certificates and CRLs are assembled with `pkijs` + `asn1js`
 * and signed with `node:crypto` over the exact DER of the to-be-signed structure, so every
 * key type (RSA, EC P-256/384/521, Ed25519) and hash (SHA-1/256/384) works the same way.
 *
 * @internal test helper, not part of the package.
 */
import {
  createHash,
  generateKeyPair as generateKeyPairCallback,
  randomBytes,
  sign as cryptoSign,
  webcrypto,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

const generateKeyPair = promisify(generateKeyPairCallback);

/** @internal */
export type KeySpec = { type: "RSA"; bits?: number } | { type: "EC"; curve: "P-256" | "P-384" | "P-521" } | { type: "Ed25519" };

/** @internal */
export interface TestKey {
  spec: KeySpec;
  /** PKCS#8 PEM ("PRIVATE KEY"). */
  privateKeyPem: string;
  /** SPKI PEM ("PUBLIC KEY"). */
  publicKeyPem: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** @internal */
export interface TestCert {
  certificatePem: string;
  certificateDer: Uint8Array<ArrayBuffer>;
  key: TestKey;
  serial: bigint;
  subjectCN?: string;
  /** The subject as given (attribute short name → value(s)). */
  subject: Record<string, string | string[]>;
  /** SHA-1 of the subject public key (the SKI written into v3 certificates). */
  keyIdentifier: Uint8Array<ArrayBuffer>;
}

/** @internal */
export type SignatureHash = "SHA-256" | "SHA-384" | "SHA-1";

/** @internal */
export type KeyUsageName =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign"
  | "encipherOnly"
  | "decipherOnly";

/** @internal */
export interface CreateTestCaOptions {
  commonName?: string;
  /** Full subject; overrides commonName when given. */
  subject?: Record<string, string | string[]>;
  key?: KeySpec | TestKey;
  notBefore?: Date;
  notAfter?: Date;
  pathLength?: number;
  /** Issue an intermediate CA signed by this CA instead of a self-signed root. */
  issuer?: TestCert;
  /** Default ["keyCertSign", "cRLSign"]; null leaves keyUsage out. */
  keyUsage?: string[] | null;
  serial?: bigint;
  signatureHash?: SignatureHash;
  /** A SubjectPublicKeyInfo (DER) to advertise instead of `key`'s (which still signs): a forged key. */
  publicKeyDer?: Uint8Array;
  /** Extra extensions, appended as given (e.g. {@link nameConstraintsExtension}). */
  extensions?: RawExtension[];
}

/** @internal An extension as OID, criticality and the DER of its value. */
export interface RawExtension {
  oid: string;
  critical: boolean;
  der: Uint8Array;
}

/** @internal */
export interface IssueTestCertificateOptions {
  issuer: TestCert;
  /** e.g. `{ CN: "x", OU: ["a", "b"] }`; each array value becomes its own RDN, in order. */
  subject?: Record<string, string | string[]>;
  key?: KeySpec | TestKey;
  serial?: bigint;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  pathLength?: number;
  /** 1 = X.509 v1 (no extensions at all), default 3. */
  version?: 1 | 3;
  /** Default ["digitalSignature"]; null leaves the extension out. */
  keyUsage?: string[] | null;
  signatureHash?: SignatureHash;
  san?: { dns?: string[]; uri?: string[]; email?: string[]; ip?: string[]; directoryName?: Record<string, string | string[]> };
  /** A SubjectPublicKeyInfo (DER) to advertise instead of `key`'s: a forged key. */
  publicKeyDer?: Uint8Array;
  /** Extra extensions, appended as given. */
  extensions?: RawExtension[];
  /** The serial INTEGER's content bytes as given (zero, negative or empty serials); overrides `serial`. */
  serialContents?: Uint8Array;
}

/** @internal */
export interface CreateTestCrlOptions {
  issuer: TestCert;
  revokedSerials: bigint[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Signature hash, default SHA-256. */
  signatureHash?: SignatureHash;
}

// ---------------------------------------------------------------------------------------------
// pkijs engine (Node's WebCrypto), set once so pkijs verify/parse helpers work in tests.

let engineSet = false;
/** @internal Installs Node's WebCrypto as the pkijs engine (idempotent). */
export function ensurePkijsEngine(): void {
  if (engineSet) return;
  const crypto = webcrypto as unknown as Crypto;
  pkijs.setEngine("node-webcrypto", new pkijs.CryptoEngine({ name: "node-webcrypto", crypto }));
  engineSet = true;
}
ensurePkijsEngine();

// ---------------------------------------------------------------------------------------------
// Keys

const DEFAULT_KEY: KeySpec = { type: "EC", curve: "P-256" };

/** @internal Generates a key pair (default EC P-256; RSA default 2048 bits). */
export async function generateTestKey(spec: KeySpec = DEFAULT_KEY): Promise<TestKey> {
  let pair: { publicKey: KeyObject; privateKey: KeyObject };
  switch (spec.type) {
    case "RSA":
      pair = await generateKeyPair("rsa", { modulusLength: spec.bits ?? 2048, publicExponent: 0x10001 });
      break;
    case "EC":
      pair = await generateKeyPair("ec", { namedCurve: spec.curve });
      break;
    case "Ed25519":
      pair = await generateKeyPair("ed25519");
      break;
    default:
      throw new Error(`generateTestKey: unsupported key spec ${JSON.stringify(spec)}`);
  }
  return {
    spec,
    privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

function isTestKey(value: KeySpec | TestKey): value is TestKey {
  return "privateKey" in value && "publicKey" in value;
}

async function resolveKey(key: KeySpec | TestKey | undefined): Promise<TestKey> {
  if (key === undefined) return generateTestKey();
  return isTestKey(key) ? key : generateTestKey(key);
}

// ---------------------------------------------------------------------------------------------
// Encoding helpers

/** @internal PEM-encodes DER bytes with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * @internal DER contents of an INTEGER for a non-negative bigint: minimal big-endian bytes, with a
 * leading 0x00 when the high bit is set (so 20-byte serials with the top bit set take 21 bytes).
 */
export function serialToDerContents(serial: bigint): Uint8Array {
  if (serial < 0n) throw new Error("serial must be non-negative");
  let hex = serial.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  const first = bytes[0] ?? 0;
  return first & 0x80 ? new Uint8Array([0, ...bytes]) : new Uint8Array(bytes);
}

/** Two's-complement big-endian bytes as a bigint (empty: 0). */
function signedInteger(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return bytes.length > 0 && (bytes[0]! & 0x80) !== 0 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

function derInteger(serial: bigint): asn1js.Integer {
  return new asn1js.Integer({ valueHex: toArrayBuffer(serialToDerContents(serial)) });
}

/** @internal A random positive serial of 16 bytes (high bit clear, never zero). */
export function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return BigInt(`0x${bytes.toString("hex")}`);
}

const NAME_OIDS: Record<string, string> = {
  CN: "2.5.4.3",
  SN: "2.5.4.4",
  SERIALNUMBER: "2.5.4.5",
  C: "2.5.4.6",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  STREET: "2.5.4.9",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  TITLE: "2.5.4.12",
  GN: "2.5.4.42",
  GIVENNAME: "2.5.4.42",
  EMAILADDRESS: "1.2.840.113549.1.9.1",
  E: "1.2.840.113549.1.9.1",
  DC: "0.9.2342.19200300.100.1.25",
  UID: "0.9.2342.19200300.100.1.1",
};

function nameOid(key: string): string {
  if (/^\d+(\.\d+)+$/.test(key)) return key;
  const oid = NAME_OIDS[key.toUpperCase()];
  if (!oid) throw new Error(`unknown subject attribute "${key}" (use CN, O, OU, C, ST, L, ... or a dotted OID)`);
  return oid;
}

function attributeValue(oid: string, value: string): asn1js.Utf8String | asn1js.PrintableString | asn1js.IA5String {
  if (oid === NAME_OIDS.C || oid === NAME_OIDS.SERIALNUMBER) return new asn1js.PrintableString({ value });
  if (oid === NAME_OIDS.EMAILADDRESS || oid === NAME_OIDS.DC) return new asn1js.IA5String({ value });
  return new asn1js.Utf8String({ value });
}

/**
 * Builds a Name; every value (array items included) becomes its own single-valued RDN, in order.
 * (pkijs would put all attributes into one multi-valued RDN, so the SEQUENCE OF SET is built here
 * and parsed back, which makes pkijs re-emit these exact bytes.)
 */
function buildName(attributes: Record<string, string | string[]>): pkijs.RelativeDistinguishedNames {
  const rdns: asn1js.Set[] = [];
  for (const [key, raw] of Object.entries(attributes)) {
    const oid = nameOid(key);
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const atv = new pkijs.AttributeTypeAndValue({ type: oid, value: attributeValue(oid, value) });
      rdns.push(new asn1js.Set({ value: [atv.toSchema()] }));
    }
  }
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

function buildTime(date: Date): pkijs.Time {
  const year = date.getUTCFullYear();
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950).
  const type = year >= 1950 && year < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime;
  return new pkijs.Time({ type, value: date });
}

const HASH_NODE: Record<SignatureHash, string> = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384" };

const SIG_OIDS: Record<"RSA" | "EC", Record<SignatureHash, string>> = {
  RSA: {
    "SHA-1": "1.2.840.113549.1.1.5",
    "SHA-256": "1.2.840.113549.1.1.11",
    "SHA-384": "1.2.840.113549.1.1.12",
  },
  EC: {
    "SHA-1": "1.2.840.10045.4.1",
    "SHA-256": "1.2.840.10045.4.3.2",
    "SHA-384": "1.2.840.10045.4.3.3",
  },
};
const ED25519_OID = "1.3.101.112";

function signatureAlgorithm(signer: TestKey, hash: SignatureHash): pkijs.AlgorithmIdentifier {
  if (signer.spec.type === "Ed25519") return new pkijs.AlgorithmIdentifier({ algorithmId: ED25519_OID });
  if (signer.spec.type === "RSA") {
    return new pkijs.AlgorithmIdentifier({ algorithmId: SIG_OIDS.RSA[hash], algorithmParams: new asn1js.Null() });
  }
  return new pkijs.AlgorithmIdentifier({ algorithmId: SIG_OIDS.EC[hash] });
}

/** Signs DER bytes: RSA PKCS#1 v1.5, ECDSA (DER signature, as X.509 wants), or pure Ed25519. */
function signBytes(signer: TestKey, hash: SignatureHash, data: Uint8Array): Uint8Array {
  const algorithm = signer.spec.type === "Ed25519" ? null : HASH_NODE[hash];
  return new Uint8Array(cryptoSign(algorithm, data, signer.privateKey));
}

function spkiDer(key: TestKey): Uint8Array<ArrayBuffer> {
  return new Uint8Array(key.publicKey.export({ type: "spki", format: "der" }));
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(key: TestKey): Uint8Array<ArrayBuffer> {
  const spki = pkijs.PublicKeyInfo.fromBER(spkiDer(key));
  return new Uint8Array(createHash("sha1").update(spki.subjectPublicKey.valueBlock.valueHexView).digest());
}

const KEY_USAGE_BITS: Record<KeyUsageName, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/** @internal DER BIT STRING for a KeyUsage list (named bits: trailing zero bits dropped). */
export function keyUsageBitString(names: readonly string[]): asn1js.BitString {
  const bits = names.map((name) => {
    const bit = KEY_USAGE_BITS[name as KeyUsageName];
    if (bit === undefined) throw new Error(`unknown keyUsage "${name}"`);
    return bit;
  });
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new ArrayBuffer(0), unusedBits: 0 });
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  const unusedBits = 7 - (highest % 8);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits });
}

function extension(extnID: string, critical: boolean, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

interface BuildOptions {
  issuerName: pkijs.RelativeDistinguishedNames;
  issuerKey: TestKey;
  issuerKeyId: Uint8Array;
  subject: Record<string, string | string[]>;
  key: TestKey;
  serial: bigint;
  notBefore: Date;
  notAfter: Date;
  version: 1 | 3;
  ca: boolean;
  pathLength?: number;
  keyUsage: readonly string[] | null;
  signatureHash: SignatureHash;
  san?: IssueTestCertificateOptions["san"];
  publicKeyDer?: Uint8Array;
  extensions?: RawExtension[];
  serialContents?: Uint8Array;
}

function buildCertificate(o: BuildOptions): TestCert {
  const cert = new pkijs.Certificate();
  cert.version = o.version === 1 ? 0 : 2;
  cert.serialNumber = o.serialContents ? new asn1js.Integer({ valueHex: toArrayBuffer(o.serialContents) }) : derInteger(o.serial);
  const sigAlg = signatureAlgorithm(o.issuerKey, o.signatureHash);
  cert.signature = sigAlg;
  cert.signatureAlgorithm = signatureAlgorithm(o.issuerKey, o.signatureHash);
  cert.issuer = o.issuerName;
  cert.subject = buildName(o.subject);
  cert.notBefore = buildTime(o.notBefore);
  cert.notAfter = buildTime(o.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(o.publicKeyDer ? toArrayBuffer(o.publicKeyDer) : spkiDer(o.key));
  const ski = keyIdentifier(o.key);

  if (o.version === 3) {
    const extensions: pkijs.Extension[] = [];
    const bc = new pkijs.BasicConstraints({
      cA: o.ca,
      ...(o.ca && o.pathLength !== undefined ? { pathLenConstraint: o.pathLength } : {}),
    });
    extensions.push(extension("2.5.29.19", true, bc.toSchema()));
    if (o.keyUsage && o.keyUsage.length > 0) {
      extensions.push(extension("2.5.29.15", true, keyUsageBitString(o.keyUsage)));
    }
    extensions.push(extension("2.5.29.14", false, new asn1js.OctetString({ valueHex: toArrayBuffer(ski) })));
    const aki = new pkijs.AuthorityKeyIdentifier({
      keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(o.issuerKeyId) }),
    });
    extensions.push(extension("2.5.29.35", false, aki.toSchema()));
    const names: pkijs.GeneralName[] = [];
    for (const email of o.san?.email ?? []) names.push(new pkijs.GeneralName({ type: 1, value: email }));
    for (const dns of o.san?.dns ?? []) names.push(new pkijs.GeneralName({ type: 2, value: dns }));
    if (o.san?.directoryName) names.push(new pkijs.GeneralName({ type: 4, value: buildName(o.san.directoryName) }));
    for (const uri of o.san?.uri ?? []) names.push(new pkijs.GeneralName({ type: 6, value: uri }));
    for (const ip of o.san?.ip ?? [])
      names.push(new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: toArrayBuffer(ipBytes(ip)) }) }));
    if (names.length > 0) {
      extensions.push(extension("2.5.29.17", false, new pkijs.GeneralNames({ names }).toSchema()));
    }
    for (const raw of o.extensions ?? []) {
      extensions.push(new pkijs.Extension({ extnID: raw.oid, critical: raw.critical, extnValue: toArrayBuffer(raw.der) }));
    }
    cert.extensions = extensions;
  }

  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  const signature = signBytes(o.issuerKey, o.signatureHash, tbs);
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(signature) });
  const der = new Uint8Array(cert.toSchema(false).toBER(false));
  const cn = o.subject.CN;
  return {
    certificatePem: toPem("CERTIFICATE", der),
    certificateDer: der,
    key: o.key,
    serial: o.serialContents ? signedInteger(o.serialContents) : o.serial,
    ...(cn !== undefined ? { subjectCN: Array.isArray(cn) ? cn[0] : cn } : {}),
    subject: o.subject,
    keyIdentifier: ski,
  };
}

function issuerNameOf(issuer: TestCert): pkijs.RelativeDistinguishedNames {
  // Copy the issuer's subject exactly as encoded in its certificate.
  return pkijs.Certificate.fromBER(issuer.certificateDer).subject;
}

function defaultValidity(notBefore?: Date, notAfter?: Date): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  const start = notBefore ?? new Date(Math.floor(now / 1000) * 1000 - 60 * 60 * 1000);
  const end = notAfter ?? new Date(start.getTime() + 365 * 24 * 60 * 60 * 1000);
  return { notBefore: start, notAfter: end };
}

// ---------------------------------------------------------------------------------------------
// Public helpers

/**
 * @internal Creates a CA certificate: self-signed root, or an intermediate when `issuer` is given.
 * Default subject CN "Test Root CA", EC P-256, keyUsage keyCertSign+cRLSign, valid from an hour ago for a year.
 */
export async function createTestCa(opts: CreateTestCaOptions = {}): Promise<TestCert> {
  const key = await resolveKey(opts.key);
  const subject = opts.subject ?? { CN: opts.commonName ?? (opts.issuer ? "Test Intermediate CA" : "Test Root CA") };
  const { notBefore, notAfter } = defaultValidity(opts.notBefore, opts.notAfter);
  const ski = keyIdentifier(key);
  return buildCertificate({
    issuerName: opts.issuer ? issuerNameOf(opts.issuer) : buildName(subject),
    issuerKey: opts.issuer ? opts.issuer.key : key,
    issuerKeyId: opts.issuer ? opts.issuer.keyIdentifier : ski,
    subject,
    key,
    serial: opts.serial ?? randomSerial(),
    notBefore,
    notAfter,
    version: 3,
    ca: true,
    ...(opts.pathLength !== undefined ? { pathLength: opts.pathLength } : {}),
    keyUsage: opts.keyUsage === undefined ? ["keyCertSign", "cRLSign"] : opts.keyUsage,
    signatureHash: opts.signatureHash ?? "SHA-256",
    ...(opts.publicKeyDer ? { publicKeyDer: opts.publicKeyDer } : {}),
    ...(opts.extensions ? { extensions: opts.extensions } : {}),
  });
}

/**
 * @internal Issues a certificate from `issuer`. Defaults: subject CN "Test Client", EC P-256 key,
 * random positive serial, v3, not a CA, keyUsage digitalSignature, SHA-256, valid from an hour ago for a year.
 */
export async function issueTestCertificate(opts: IssueTestCertificateOptions): Promise<TestCert> {
  const key = await resolveKey(opts.key);
  const subject = opts.subject ?? { CN: "Test Client" };
  const { notBefore, notAfter } = defaultValidity(opts.notBefore, opts.notAfter);
  return buildCertificate({
    issuerName: issuerNameOf(opts.issuer),
    issuerKey: opts.issuer.key,
    issuerKeyId: opts.issuer.keyIdentifier,
    subject,
    key,
    serial: opts.serial ?? randomSerial(),
    notBefore,
    notAfter,
    version: opts.version ?? 3,
    ca: opts.ca ?? false,
    ...(opts.pathLength !== undefined ? { pathLength: opts.pathLength } : {}),
    keyUsage: opts.keyUsage === undefined ? ["digitalSignature"] : opts.keyUsage,
    signatureHash: opts.signatureHash ?? "SHA-256",
    ...(opts.san ? { san: opts.san } : {}),
    ...(opts.publicKeyDer ? { publicKeyDer: opts.publicKeyDer } : {}),
    ...(opts.extensions ? { extensions: opts.extensions } : {}),
    ...(opts.serialContents ? { serialContents: opts.serialContents } : {}),
  });
}

/**
 * @internal Creates a v2 CRL signed by `issuer` listing `revokedSerials` (revoked at thisUpdate),
 * with AKI and CRL number extensions. Defaults: thisUpdate an hour ago, nextUpdate in 30 days. Returns PEM.
 */
export async function createTestCrl(opts: CreateTestCrlOptions): Promise<string> {
  const hash = opts.signatureHash ?? "SHA-256";
  const thisUpdate = opts.thisUpdate ?? new Date(Math.floor(Date.now() / 1000) * 1000 - 60 * 60 * 1000);
  const nextUpdate = opts.nextUpdate ?? new Date(thisUpdate.getTime() + 30 * 24 * 60 * 60 * 1000);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.signature = signatureAlgorithm(opts.issuer.key, hash);
  crl.signatureAlgorithm = signatureAlgorithm(opts.issuer.key, hash);
  crl.issuer = issuerNameOf(opts.issuer);
  crl.thisUpdate = buildTime(thisUpdate);
  crl.nextUpdate = buildTime(nextUpdate);
  if (opts.revokedSerials.length > 0) {
    crl.revokedCertificates = opts.revokedSerials.map(
      (serial) => new pkijs.RevokedCertificate({ userCertificate: derInteger(serial), revocationDate: buildTime(thisUpdate) }),
    );
  }
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(opts.issuer.keyIdentifier) }),
  });
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [extension("2.5.29.35", false, aki.toSchema()), extension("2.5.29.20", false, new asn1js.Integer({ value: 1 }))],
  });
  // encodeTBS is protected on CertificateRevocationList in pkijs' typings, public at runtime.
  const tbs = new Uint8Array((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER(false));
  crl.tbsView = tbs;
  crl.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(signBytes(opts.issuer.key, hash, tbs)) });
  return toPem("X509 CRL", new Uint8Array(crl.toSchema(false).toBER(false)));
}

/** @internal Concatenates certificate PEMs into a bundle (for chains and anchors). */
export function pemBundle(...certs: TestCert[]): string {
  return certs.map((c) => c.certificatePem).join("");
}

/** @internal Bytes of an IPv4 (dotted) or IPv6 (full or `::`-shortened) address. */
function ipBytes(address: string): Uint8Array {
  if (address.includes(".")) return Uint8Array.from(address.split(".").map(Number));
  const [head, tail = ""] = address.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head!);
  const right = address.includes("::") ? groups(tail) : [];
  const all = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

/** @internal Name forms of a name-constraints subtree list. IPs as CIDR, e.g. `10.0.0.0/8`. */
export interface NameSubtrees {
  dns?: string[];
  email?: string[];
  uri?: string[];
  ip?: string[];
  directoryName?: Record<string, string | string[]>[];
}

function subtrees(list: NameSubtrees): pkijs.GeneralSubtree[] {
  const names: pkijs.GeneralName[] = [];
  for (const email of list.email ?? []) names.push(new pkijs.GeneralName({ type: 1, value: email }));
  for (const dns of list.dns ?? []) names.push(new pkijs.GeneralName({ type: 2, value: dns }));
  for (const dn of list.directoryName ?? []) names.push(new pkijs.GeneralName({ type: 4, value: buildName(dn) }));
  for (const uri of list.uri ?? []) names.push(new pkijs.GeneralName({ type: 6, value: uri }));
  for (const cidr of list.ip ?? []) {
    const [address, bits] = cidr.split("/");
    const addr = ipBytes(address!);
    const mask = addr.map((_, i) => Math.max(0, Math.min(8, Number(bits) - i * 8))).map((n) => (0xff << (8 - n)) & 0xff);
    names.push(
      new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: toArrayBuffer(Uint8Array.from([...addr, ...mask])) }) }),
    );
  }
  return names.map((base) => new pkijs.GeneralSubtree({ base }));
}

/** @internal A nameConstraints extension (2.5.29.30), critical by default. */
export function nameConstraintsExtension(
  constraints: { permitted?: NameSubtrees; excluded?: NameSubtrees },
  critical = true,
): RawExtension {
  const value = new pkijs.NameConstraints({
    ...(constraints.permitted ? { permittedSubtrees: subtrees(constraints.permitted) } : {}),
    ...(constraints.excluded ? { excludedSubtrees: subtrees(constraints.excluded) } : {}),
  });
  return { oid: "2.5.29.30", critical, der: new Uint8Array(value.toSchema().toBER(false)) };
}
