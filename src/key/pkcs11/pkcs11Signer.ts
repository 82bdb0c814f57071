import { RolesAnywhereError } from "../../errors";
import { ALGORITHM_ECDSA, ALGORITHM_RSA } from "../../protocol/constants";
import { ecdsaDerToRaw, ecdsaRawToDer } from "../../encoding/ecdsaSignature";
import type { CertificateInfo } from "../../certificate/certificate";
import { asBufferSource } from "../../encoding/der";
import { type DigestName, type DigestSigner, asRequestSigner } from "../digestSigner";
import type { RequestSigner } from "../signer";
import type { Pkcs11Attribute, Pkcs11Handle } from "./pkcs11jsApi";
import { type TokenSession, openTokenSession } from "./pkcs11Session";
import { type Pkcs11Uri, parsePkcs11Uri, redactPkcs11Uri } from "./pkcs11Uri";
import { wordedError } from "../../errorWords";
import { cryptoStep, importCertificateKey } from "../cryptoSteps";

/**
 * Where the module is and which PIN to use when the URI has no `pin-value`.
 *
 * @internal
 */
export interface Pkcs11Options {
  readonly modulePath: string;
  readonly pin?: string;
}

type ObjectClass = "cert" | "private";

const findObject = (token: TokenSession, uri: Pkcs11Uri, objectClass: ObjectClass): Pkcs11Handle | undefined => {
  const { lib, module, NodeBuffer } = token.loaded;
  const template: { type: number; value: number | string | Uint8Array }[] = [
    { type: lib.CKA_CLASS, value: objectClass === "cert" ? lib.CKO_CERTIFICATE : lib.CKO_PRIVATE_KEY },
  ];
  if (uri.object !== undefined) template.push({ type: lib.CKA_LABEL, value: uri.object });
  if (uri.id !== undefined) template.push({ type: lib.CKA_ID, value: NodeBuffer.from(uri.id) });
  module.C_FindObjectsInit(token.session, template as Pkcs11Attribute[]);
  try {
    return module.C_FindObjects(token.session, 1)[0];
  } finally {
    module.C_FindObjectsFinal(token.session);
  }
};

const pinOf = (uri: Pkcs11Uri, options: Pkcs11Options): string | undefined => uri.pinValue ?? options.pin;

/**
 * A key with CKA_ALWAYS_AUTHENTICATE needs the PIN again (CKU_CONTEXT_SPECIFIC) after
 * C_SignInit; the user PIN is reused (the official helper's --reuse-pin).
 */
const loginForAlwaysAuthenticate = (
  token: TokenSession,
  key: NonNullable<ReturnType<typeof findObject>>,
  pin: string | undefined,
): void => {
  const { lib, module } = token.loaded;
  let always = false;
  try {
    const [attribute] = module.C_GetAttributeValue(token.session, key, [{ type: lib.CKA_ALWAYS_AUTHENTICATE }]);
    always = attribute?.value?.[0] === 1;
  } catch {
    return; // the token does not know the attribute
  }
  if (!always) return;
  if (pin === undefined) {
    throw wordedError(
      "ERR_BAD_PASSPHRASE",
      (words) =>
        `The PKCS#11 key requires the PIN for every signature (CKA_ALWAYS_AUTHENTICATE) and none was given. Pass pin-value in the URI or ${words.option("pkcs11Pin")}.`,
    );
  }
  module.C_Login(token.session, lib.CKU_CONTEXT_SPECIFIC, pin);
};

/**
 * Reads the DER certificate a `pkcs11:` URI names (`type=cert`, or any object
 * matching the label/id).
 *
 * @internal
 */
export const readPkcs11Certificate = async (rawUri: string, options: Pkcs11Options): Promise<Uint8Array> => {
  const uri = parsePkcs11Uri(rawUri);
  const token = await openTokenSession(uri, rawUri, options.modulePath, pinOf(uri, options));
  try {
    const handle = findObject(token, uri, "cert");
    if (handle === undefined) {
      throw new RolesAnywhereError(
        "ERR_INVALID_CERTIFICATE",
        `No certificate matches ${redactPkcs11Uri(rawUri)} on the token. Check the object label (object=) or id (id=).`,
      );
    }
    const [value] = token.loaded.module.C_GetAttributeValue(token.session, handle, [{ type: token.loaded.lib.CKA_VALUE }]);
    return new Uint8Array(value!.value!);
  } finally {
    token.close();
  }
};

const RSA_MECHANISMS = { "SHA-256": "CKM_SHA256_RSA_PKCS", "SHA-384": "CKM_SHA384_RSA_PKCS", "SHA-512": "CKM_SHA512_RSA_PKCS" } as const;

const signOnToken = async (
  uri: Pkcs11Uri,
  rawUri: string,
  options: Pkcs11Options,
  rsa: boolean,
  data: Uint8Array,
  digest: DigestName,
  subtle: SubtleCrypto,
): Promise<Uint8Array> => {
  const token = await openTokenSession(uri, rawUri, options.modulePath, pinOf(uri, options));
  try {
    const key = findObject(token, uri, "private");
    if (key === undefined) {
      const noPin = pinOf(uri, options) === undefined;
      throw wordedError(
        "ERR_INVALID_PRIVATE_KEY",
        (words) =>
          `No private key matches ${redactPkcs11Uri(rawUri)} on the token${noPin ? ` (private keys are only visible after login: add pin-value to the URI or pass ${words.option("pkcs11Pin")})` : ""}.`,
      );
    }
    const { lib, module, NodeBuffer } = token.loaded;
    // Tokens implement CKM_ECDSA (over a digest) more widely than CKM_ECDSA_SHA256: hash here.
    const input = rsa ? data : new Uint8Array(await subtle.digest(digest, asBufferSource(data)));
    module.C_SignInit(token.session, { mechanism: rsa ? lib[RSA_MECHANISMS[digest]] : lib.CKM_ECDSA }, key);
    loginForAlwaysAuthenticate(token, key, pinOf(uri, options));
    const signature = new Uint8Array(module.C_Sign(token.session, NodeBuffer.from(input), NodeBuffer.alloc(rsa ? 1024 : 264)));
    return rsa ? signature : ecdsaRawToDer(signature);
  } catch (error) {
    if (error instanceof RolesAnywhereError) throw error;
    throw new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `Signing on the token of ${redactPkcs11Uri(rawUri)} failed: ${(error as Error).message}.`,
    );
  } finally {
    token.close();
  }
};

/**
 * A key in a PKCS#11 token that signs with a chosen digest: RSASSA-PKCS1-v1_5
 * (`CKM_SHA256_RSA_PKCS`, `…SHA384…`, `…SHA512…`) or ECDSA over the digest (`CKM_ECDSA`, raw
 * r‖s converted to DER). Its public key is the certificate's. A session is opened (and the PIN
 * given) for each signature, so a re-inserted token keeps working.
 *
 * @internal
 */
export const createPkcs11DigestSigner = (
  rawUri: string,
  certificate: CertificateInfo,
  options: Pkcs11Options,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): DigestSigner => {
  const parsed = parsePkcs11Uri(rawUri);
  const uri: Pkcs11Uri = { ...parsed, type: "private" };
  const { type } = certificate.publicKey;
  if (type !== "RSA" && type !== "EC") {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `PKCS#11 signing supports RSA and EC keys; the certificate's key is ${certificate.publicKey.namedCurve ?? type}.`,
    );
  }
  return {
    type,
    spki: certificate.publicKey.spki,
    sign: (data, digest) => signOnToken(uri, rawUri, options, type === "RSA", data, digest, subtle),
  };
};

/**
 * The CreateSession signer for a key in a PKCS#11 token (SHA-256). A test signature is checked
 * against the certificate's public key first.
 *
 * @internal
 */
export const createPkcs11Signer = async (
  rawUri: string,
  certificate: CertificateInfo,
  options: Pkcs11Options,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<RequestSigner> => {
  const signer = asRequestSigner(createPkcs11DigestSigner(rawUri, certificate, options, subtle));
  const probe = new TextEncoder().encode("credential-provider-roles-anywhere PKCS#11 key check");
  const signature = await signer.sign(probe);
  const publicKey = await importCertificateKey(subtle, certificate, false);
  const params = certificate.publicKey.type === "RSA" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash: "SHA-256" };
  const coordinateBytes = { "P-256": 32, "P-384": 48, "P-521": 66 }[certificate.publicKey.namedCurve as "P-256"] ?? 32;
  const raw = certificate.publicKey.type === "RSA" ? signature : ecdsaDerToRaw(signature, coordinateBytes);
  const verified =
    raw !== undefined &&
    (await cryptoStep("ERR_INVALID_CERTIFICATE", "A test signature could not be checked with the certificate's public key", () =>
      subtle.verify(params, publicKey, asBufferSource(raw), asBufferSource(probe)),
    ));
  if (!verified) {
    throw new RolesAnywhereError(
      "ERR_KEY_MISMATCH",
      `The private key ${redactPkcs11Uri(rawUri)} does not belong to the certificate (serial ${certificate.serialHex}): a test signature does not verify. Point the URI at the certificate's key (same id=).`,
    );
  }
  return signer;
};
