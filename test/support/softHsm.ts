import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { TAG, isUniversal, parseDer } from "../../src/encoding/der";
import type { Pkcs11Attribute, Pkcs11Handle, Pkcs11Js, Pkcs11Module } from "../../src/key/pkcs11/pkcs11jsApi";

/** What the tests use of pkcs11js beyond the library's part (typed here: the package may be absent). */
type TestPkcs11Module = Pkcs11Module & {
  C_Logout(session: Pkcs11Handle): void;
  C_CreateObject(session: Pkcs11Handle, template: Pkcs11Attribute[]): Pkcs11Handle;
  C_GenerateKeyPair(
    session: Pkcs11Handle,
    mechanism: { mechanism: number },
    publicTemplate: Pkcs11Attribute[],
    privateTemplate: Pkcs11Attribute[],
  ): { publicKey: Pkcs11Handle; privateKey: Pkcs11Handle };
};
type TestPkcs11Js = Omit<Pkcs11Js, "PKCS11"> & { PKCS11: new () => TestPkcs11Module } & Record<
    | "CKA_CERTIFICATE_TYPE"
    | "CKA_EC_PARAMS"
    | "CKA_EC_POINT"
    | "CKA_EXTRACTABLE"
    | "CKA_PRIVATE"
    | "CKA_SENSITIVE"
    | "CKA_SIGN"
    | "CKA_SUBJECT"
    | "CKA_TOKEN"
    | "CKA_VERIFY"
    | "CKC_X_509"
    | "CKF_RW_SESSION"
    | "CKM_EC_KEY_PAIR_GEN",
    number
  >;

const MODULE_CANDIDATES = [
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/local/lib/softhsm/libsofthsm2.so",
  "/usr/lib64/softhsm/libsofthsm2.so",
];

/** The SoftHSM2 module path, if installed. */
export const softHsmModule = MODULE_CANDIDATES.find((path) => existsSync(path));

const loadsPkcs11js = (): boolean => {
  try {
    createRequire(import.meta.url)("pkcs11js");
    return true;
  } catch {
    return false;
  }
};

/** Why the SoftHSM2 tests cannot run here, or undefined when they can. */
export const softHsmMissing: string | undefined =
  spawnSync("softhsm2-util", ["--version"]).status !== 0 || softHsmModule === undefined
    ? "softhsm2-util is not installed (apt-get install softhsm2)"
    : !loadsPkcs11js()
      ? "the optional native package pkcs11js is not built (npm ci skips it without a C++ compiler, make and Python; see the README's Development section)"
      : undefined;

/**
 * Points SoftHSM2 at a fresh token directory under `dir` (through SOFTHSM2_CONF, read when the
 * module initialises) and creates a token.
 */
export const initSoftHsmToken = (dir: string, label: string, pin: string): void => {
  const tokens = join(dir, "tokens");
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", "5678", "--pin", pin], { stdio: "pipe" });
};

/** Imports a PKCS#8 PEM private key into the token. */
export const importKey = (dir: string, token: string, pin: string, label: string, idHex: string, pkcs8Pem: string): void => {
  const file = join(dir, `${label}.key`);
  writeFileSync(file, pkcs8Pem, { mode: 0o600 });
  execFileSync("softhsm2-util", ["--import", file, "--token", token, "--label", label, "--id", idHex, "--pin", pin], { stdio: "pipe" });
};

/** The DER subject Name of a certificate (CKA_SUBJECT). */
const subjectOf = (der: Uint8Array): Uint8Array => {
  const tbs = parseDer(der)!.children[0]!;
  const fields = tbs.children[0]!.tagClass === 2 ? tbs.children.slice(1) : tbs.children;
  const subject = fields[4];
  if (!isUniversal(subject, TAG.SEQUENCE)) throw new Error("no subject");
  return subject.raw;
};

/** Loads the module and opens a read-write session on the token with that label. */
const openTokenSession = (module: string, token: string) => {
  const lib = createRequire(import.meta.url)("pkcs11js") as TestPkcs11Js;
  const p11 = new lib.PKCS11();
  p11.load(module);
  try {
    p11.C_Initialize();
  } catch (error) {
    if ((error as { code?: number }).code !== lib.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
  }
  const slot = p11.C_GetSlotList(true).find((candidate) => p11.C_GetTokenInfo(candidate).label.trim() === token)!;
  const session = p11.C_OpenSession(slot, lib.CKF_SERIAL_SESSION | lib.CKF_RW_SESSION);
  return { lib, p11, session };
};

/** Stores a certificate on the token with pkcs11js (no pkcs11-tool needed). */
export const importCertificate = (module: string, token: string, pin: string, label: string, idHex: string, der: Uint8Array): void => {
  const { lib, p11, session } = openTokenSession(module, token);
  try {
    p11.C_Login(session, lib.CKU_USER, pin);
    p11.C_CreateObject(session, [
      { type: lib.CKA_CLASS, value: lib.CKO_CERTIFICATE },
      { type: lib.CKA_CERTIFICATE_TYPE, value: lib.CKC_X_509 },
      { type: lib.CKA_TOKEN, value: true },
      { type: lib.CKA_LABEL, value: label },
      { type: lib.CKA_ID, value: Buffer.from(idHex, "hex") },
      { type: lib.CKA_SUBJECT, value: Buffer.from(subjectOf(der)) },
      { type: lib.CKA_VALUE, value: Buffer.from(der) },
    ]);
    p11.C_Logout(session);
  } finally {
    p11.C_CloseSession(session);
  }
};

/**
 * Generates an EC P-256 key pair inside the token (the private key never exists outside it),
 * optionally with CKA_ALWAYS_AUTHENTICATE, and returns the public key as a DER SPKI.
 */
export const generateTokenEcKey = (
  module: string,
  token: string,
  pin: string,
  label: string,
  idHex: string,
  alwaysAuthenticate: boolean,
): Uint8Array => {
  const { lib, p11, session } = openTokenSession(module, token);
  const P256 = Buffer.from("06082a8648ce3d030107", "hex");
  try {
    p11.C_Login(session, lib.CKU_USER, pin);
    const { publicKey } = p11.C_GenerateKeyPair(
      session,
      { mechanism: lib.CKM_EC_KEY_PAIR_GEN },
      [
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_VERIFY, value: true },
        { type: lib.CKA_EC_PARAMS, value: P256 },
        { type: lib.CKA_LABEL, value: label },
        { type: lib.CKA_ID, value: Buffer.from(idHex, "hex") },
      ],
      [
        { type: lib.CKA_TOKEN, value: true },
        { type: lib.CKA_PRIVATE, value: true },
        { type: lib.CKA_SENSITIVE, value: true },
        { type: lib.CKA_EXTRACTABLE, value: false },
        { type: lib.CKA_SIGN, value: true },
        { type: lib.CKA_ALWAYS_AUTHENTICATE, value: alwaysAuthenticate },
        { type: lib.CKA_LABEL, value: label },
        { type: lib.CKA_ID, value: Buffer.from(idHex, "hex") },
      ],
    );
    const [point] = p11.C_GetAttributeValue(session, publicKey, [{ type: lib.CKA_EC_POINT }]);
    // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point.
    const raw = parseDer(new Uint8Array(point!.value!))!.content;
    const algorithm = Buffer.concat([Buffer.from("301306072a8648ce3d0201", "hex"), P256]);
    const bitString = Buffer.concat([Buffer.from([0x03, raw.length + 1, 0x00]), raw]);
    const body = Buffer.concat([algorithm, bitString]);
    p11.C_Logout(session);
    return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
  } finally {
    p11.C_CloseSession(session);
  }
};
