import { RolesAnywhereError } from "../../errors";
import { type DerNode, TAG, concatBytes, decodeOid, isContext, isUniversal, parseDer } from "../../encoding/der";
import { decryptWithPassword } from "../encrypted/encryptedPrivateKeyInfo";
import { wrongPassphrase } from "../passphraseErrors";
import type { KdfControl } from "../encrypted/pkcs12Kdf";
import { verifyPkcs12Mac } from "./pkcs12Mac";
import { wordedError } from "../../errorWords";

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  envelopedData: "1.2.840.113549.1.7.3",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  safeContentsBag: "1.2.840.113549.1.12.10.1.6",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
} as const;

/**
 * What a PKCS#12 file holds: certificates (DER, in file order), the private key
 * (unencrypted PKCS#8 DER) and each one's `localKeyID`, which pairs a key with its
 * certificate.
 *
 * @internal
 */
export interface Pkcs12Contents {
  readonly certificates: readonly { readonly der: Uint8Array; readonly localKeyId?: Uint8Array }[];
  readonly keys: readonly { readonly pkcs8: Uint8Array; readonly localKeyId?: Uint8Array }[];
}

const invalid = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_CERTIFICATE",
    `The PKCS#12 data could not be read: ${detail}. Pass the bytes of a .p12/.pfx file (pkcs12 or pkcs12File).`,
  );

/** The value of an OCTET STRING, joining the segments of a BER constructed one. */
const octets = (node: DerNode | undefined): Uint8Array | undefined => {
  // An OCTET STRING, or one re-tagged [0] IMPLICIT (EncryptedContentInfo.encryptedContent).
  if (node === undefined || !(node.tagClass === 2 || (node.tagClass === 0 && node.tagNumber === TAG.OCTET_STRING))) return undefined;
  if (!node.constructed) return node.content;
  const parts = node.children.map(octets);
  return parts.every((part) => part !== undefined) ? concatBytes(...(parts as Uint8Array[])) : undefined;
};

const oidOf = (node: DerNode | undefined): string | undefined => (isUniversal(node, TAG.OID) ? decodeOid(node.content) : undefined);

const explicit0 = (node: DerNode | undefined): DerNode | undefined => node?.children.find((child) => isContext(child, 0))?.children[0];

const localKeyIdOf = (attributes: DerNode | undefined): Uint8Array | undefined => {
  for (const attribute of attributes?.children ?? []) {
    if (oidOf(attribute.children[0]) === OIDS.localKeyId) return octets(attribute.children[1]?.children[0]);
  }
  return undefined;
};

interface WalkState {
  readonly passphrase: string | undefined;
  readonly subtle: SubtleCrypto;
  readonly control: KdfControl;
  readonly certificates: { der: Uint8Array; localKeyId?: Uint8Array }[];
  readonly keys: { pkcs8: Uint8Array; localKeyId?: Uint8Array }[];
}

const decryptBag = async (value: DerNode, state: WalkState): Promise<Uint8Array> => {
  const [algorithm, encrypted] = value.children;
  const data = octets(encrypted);
  if (!data) throw invalid("a shrouded key bag is malformed");
  return decryptWithPassword(algorithm, data, state.passphrase, "PKCS#12 file's private key", state.subtle, state.control);
};

const walkSafeContents = async (der: Uint8Array, state: WalkState, decrypted: boolean): Promise<void> => {
  const safeContents = parseDer(der);
  if (!isUniversal(safeContents, TAG.SEQUENCE)) {
    if (decrypted) throw wrongPassphrase("PKCS#12 file");
    throw invalid("a SafeContents is not a SEQUENCE");
  }
  for (const bag of safeContents.children) {
    const bagId = oidOf(bag.children[0]);
    const value = explicit0(bag);
    const localKeyId = localKeyIdOf(bag.children[2]);
    const withId = localKeyId === undefined ? {} : { localKeyId };
    if (!value) throw invalid("a SafeBag has no value");
    if (bagId === OIDS.certBag) {
      if (oidOf(value.children[0]) !== OIDS.x509Certificate) continue; // SDSI certificates are not X.509
      const der = octets(explicit0(value));
      if (!der) throw invalid("a certificate bag is malformed");
      state.certificates.push({ der, ...withId });
    } else if (bagId === OIDS.keyBag) {
      state.keys.push({ pkcs8: value.raw.slice(), ...withId });
    } else if (bagId === OIDS.shroudedKeyBag) {
      state.keys.push({ pkcs8: await decryptBag(value, state), ...withId });
    } else if (bagId === OIDS.safeContentsBag) {
      await walkSafeContents(value.raw, state, decrypted);
    }
    // CRL and secret bags carry nothing we sign with.
  }
};

const walkContentInfo = async (contentInfo: DerNode, state: WalkState): Promise<void> => {
  const type = oidOf(contentInfo.children[0]);
  const content = explicit0(contentInfo);
  if (type === OIDS.data) {
    const data = octets(content);
    if (!data) throw invalid("a data ContentInfo is not an OCTET STRING");
    return walkSafeContents(data, state, false);
  }
  if (type === OIDS.encryptedData) {
    const encryptedContentInfo = content?.children[1];
    const [, algorithm, encrypted] = encryptedContentInfo?.children ?? [];
    const data = octets(encrypted);
    if (!algorithm || !data) throw invalid("an EncryptedData has no encrypted content");
    const plain = await decryptWithPassword(algorithm, data, state.passphrase, "PKCS#12 file", state.subtle, state.control);
    return walkSafeContents(plain, state, true);
  }
  if (type === OIDS.envelopedData) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      "The PKCS#12 file is public-key encrypted (EnvelopedData), which is not supported. Export it with password-based encryption.",
    );
  }
  throw invalid(`a ContentInfo has the unknown type ${type ?? "(none)"}`);
};

/**
 * Reads a PKCS#12 (`.p12`/`.pfx`) file: checks its MAC with `passphrase` (wrong →
 * `ERR_BAD_PASSPHRASE`), decrypts its bags (PBES2 with PBKDF2 and AES, as OpenSSL 3
 * writes by default, or the legacy SHA-1 3DES/RC2 schemes), and returns the
 * certificates and keys it holds. An absent passphrase means "no password". `control.signal`
 * stops the legacy key derivation, which pauses for the event loop between chunks.
 *
 * @internal
 */
export const readPkcs12 = async (
  der: Uint8Array,
  passphrase: string | undefined,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  control: KdfControl = {},
): Promise<Pkcs12Contents> => {
  const pfx = parseDer(der);
  if (!isUniversal(pfx, TAG.SEQUENCE)) throw invalid("it is not DER (a PEM file? pass certificate and privateKey instead)");
  const [version, authSafe, macData] = pfx.children;
  if (!isUniversal(version, TAG.INTEGER) || version.content[0] !== 3 || !isUniversal(authSafe, TAG.SEQUENCE)) {
    throw invalid("it is not a version 3 PFX structure");
  }
  if (oidOf(authSafe.children[0]) !== OIDS.data) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      "The PKCS#12 file uses public-key integrity mode (signed), which is not supported. Export it with a password (MAC) instead.",
    );
  }
  const content = octets(explicit0(authSafe));
  if (!content) throw invalid("the authenticated safe is empty");
  let effective = passphrase;
  if (isUniversal(macData, TAG.SEQUENCE)) {
    const verified = await verifyPkcs12Mac(macData, content, passphrase, subtle, control);
    if (!verified) {
      const none = passphrase === undefined || passphrase === "";
      throw wordedError("ERR_BAD_PASSPHRASE", (words) =>
        none
          ? `The PKCS#12 file is protected by a password and none was given. Pass it with ${words.option("passphrase")}.`
          : `The passphrase does not match the PKCS#12 file (its integrity check fails): it is wrong, or the file is damaged. Pass the export password with ${words.option("passphrase")}.`,
      );
    }
    effective = verified.passphrase;
  } else if (effective === undefined) {
    effective = "";
  }
  const authenticatedSafe = parseDer(content);
  if (!isUniversal(authenticatedSafe, TAG.SEQUENCE)) throw invalid("the authenticated safe is not a SEQUENCE");
  const state: WalkState = { passphrase: effective, subtle, control, certificates: [], keys: [] };
  for (const contentInfo of authenticatedSafe.children) await walkContentInfo(contentInfo, state);
  return { certificates: state.certificates, keys: state.keys };
};
