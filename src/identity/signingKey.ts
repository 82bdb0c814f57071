import type { RolesAnywhereError } from "../errors";
import { wordedError } from "../errorWords";
import type { CertificateInfo } from "../certificate/certificate";
import { readCertificateInput } from "../certificate/certificateInput";
import { type DigestSigner, assertSignerMatches } from "../key/digestSigner";
import type { SigningIdentityInput } from "./identity";
import { loadPrivateKey } from "../key/loadPrivateKey";
import { DEFAULT_PKCS11_MODULE } from "../key/pkcs11/pkcs11Defaults";
import { isPkcs11Uri } from "../key/pkcs11/pkcs11Uri";
import { isTpmKey } from "../key/tpm/tpmKeyRef";

const needsCertificate = (what: string): RolesAnywhereError =>
  wordedError(
    "ERR_INVALID_OPTION",
    (words) => `${what} needs its certificate (the public key comes from it): pass ${words.option("certificate")}.`,
  );

/**
 * Loads a private key for signing with a chosen digest (`sign-string`), from any source the
 * provider takes: a key file's text or bytes (plain or encrypted), a PKCS#12 file, a `pkcs11:` URI,
 * or a TPM key (TSS2 key file or `handle:0x…`). Unlike {@link loadSigningIdentity} the certificate
 * is optional where the key itself gives the public key, and its validity is not checked; when
 * one is given, the key must belong to it. Heavy or Node-only code is loaded only for the
 * source in use.
 *
 * @internal
 */
export const loadDigestSigner = async (
  input: SigningIdentityInput,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<DigestSigner> => {
  if (input.pkcs12 !== undefined) {
    const [{ readPkcs12 }, { selectPkcs12Identity }] = await Promise.all([
      import("../key/pkcs12/pkcs12"),
      import("../key/pkcs12/pkcs12Identity"),
    ]);
    const found = selectPkcs12Identity(await readPkcs12(input.pkcs12, input.passphrase, subtle));
    try {
      return await loadDigestSigner({ certificate: found.certificate, privateKey: found.privateKey }, subtle);
    } finally {
      found.privateKey.fill(0);
    }
  }
  const { certificate, privateKey } = input;
  const keyInput = privateKey ?? (typeof certificate === "string" && certificate.includes("PRIVATE KEY-----") ? certificate : undefined);
  if (isTpmKey(keyInput)) {
    const { createTpmDigestSigner } = await import("../key/tpm/tpmSigner");
    const signer = await createTpmDigestSigner(keyInput, input.tpmKeyPassword);
    if (certificate !== undefined && !isPkcs11Uri(certificate))
      assertSignerMatches(signer, readCertificateInput(certificate).leaf, "The TPM key");
    return signer;
  }
  const pkcs11Key = isPkcs11Uri(privateKey) ? privateKey : privateKey === undefined && isPkcs11Uri(certificate) ? certificate : undefined;
  if (pkcs11Key !== undefined) {
    const pkcs11 = await import("../key/pkcs11/pkcs11Signer");
    const options = {
      modulePath: input.pkcs11Module ?? DEFAULT_PKCS11_MODULE,
      ...(input.pkcs11Pin === undefined ? {} : { pin: input.pkcs11Pin }),
    };
    // The certificate: given, or the one on the token with the key's label/id.
    const der =
      certificate === undefined || isPkcs11Uri(certificate)
        ? await pkcs11.readPkcs11Certificate(certificate ?? pkcs11Key, options)
        : certificate;
    return pkcs11.createPkcs11DigestSigner(pkcs11Key, readCertificateInput(der).leaf, options, subtle);
  }
  if (keyInput === undefined || isPkcs11Uri(keyInput) || (typeof keyInput === "object" && !(keyInput instanceof Uint8Array))) {
    throw wordedError(
      "ERR_INVALID_OPTION",
      (words) => `No private key was given: pass ${words.option("privateKey")} (a key file's PEM or DER, a pkcs11: URI or a TPM key).`,
    );
  }
  const leaf: CertificateInfo | undefined =
    certificate === undefined || isPkcs11Uri(certificate) ? undefined : readCertificateInput(certificate).leaf;
  const curveHint = leaf?.publicKey.namedCurve;
  const key = await loadPrivateKey(keyInput, {
    subtle,
    ...(input.passphrase === undefined ? {} : { passphrase: input.passphrase }),
    ...(curveHint === undefined ? {} : { curveHint }),
  });
  if (key.type === "ML-DSA") {
    if (!leaf) throw needsCertificate(`The ${key.mlDsa!.parameterSet} key`);
    const signer = await (await import("../key/mlDsaSigner")).createMlDsaSigner(key.mlDsa!, leaf);
    return { type: "ML-DSA", spki: leaf.publicKey.spki, sign: (data) => signer.sign(data) };
  }
  const { createSoftwareDigestSigner } = await import("../key/softwareDigestSigner");
  const signer = await createSoftwareDigestSigner(key, subtle);
  key.pkcs8.fill(0);
  if (leaf) assertSignerMatches(signer, leaf, "The private key");
  return signer;
};
