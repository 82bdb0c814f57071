import { RolesAnywhereError } from "../../errors";
import { wordedError } from "../../errorWords";
import { type CertificateInfo, readSubjectPublicKeyInfo } from "../../certificate/certificate";
import { type DigestSigner, asRequestSigner, assertSignerMatches } from "../digestSigner";
import type { RequestSigner } from "../signer";
import { parseTpmHandle } from "./tpmKeyRef";
import { readTss2Key } from "./tss2Key";

/**
 * A signer for a TPM 2.0 key: a TSS2 key file's text, or `handle:0x…` for a persistent key. The
 * TPM signs (Node only, through OpenSSL's tpm2 provider, loaded on first use); the key never
 * leaves it. A key file states whether the key has a password (`emptyAuth`): a password is then
 * required, or refused, before the TPM is asked (a wrong try counts towards its lockout). For a
 * handle, the password is used when given.
 *
 * @internal
 */
export const createTpmDigestSigner = async (key: string, password: string | undefined): Promise<DigestSigner> => {
  const tpm = await import("../../node/tpm/opensslTpm");
  const handle = parseTpmHandle(key);
  const pass = password === "" ? undefined : password;
  if (handle !== undefined) {
    const ref = { handle, name: `handle:0x${handle.toString(16).padStart(8, "0")}` };
    const publicKey = readSubjectPublicKeyInfo(await tpm.tpmHandlePublicKey(ref));
    if (publicKey.type !== "RSA" && publicKey.type !== "EC") {
      throw new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        `The TPM key at ${ref.name} is ${publicKey.type}; Roles Anywhere signing takes RSA or EC keys.`,
      );
    }
    return { type: publicKey.type, spki: publicKey.spki, sign: (data, digest) => tpm.tpmSign(ref, pass, digest, data) };
  }
  const file = readTss2Key(key);
  if (file.emptyAuth && pass !== undefined) {
    throw wordedError(
      "ERR_INVALID_OPTION",
      (words) =>
        `The TPM key file says the key has no password (emptyAuth), but ${words.option("tpmKeyPassword")} was given. Drop the password, as aws_signing_helper requires.`,
    );
  }
  if (!file.emptyAuth && pass === undefined) {
    throw wordedError(
      "ERR_BAD_PASSPHRASE",
      (words) => `The TPM key in the key file has a password and none was given. Pass it as ${words.option("tpmKeyPassword")}.`,
    );
  }
  const ref = { pem: file.pem, name: "in the TSS2 key file" };
  return { type: file.publicKey.type, spki: file.publicKey.spki, sign: (data, digest) => tpm.tpmSign(ref, pass, digest, data) };
};

/**
 * The CreateSession signer for a TPM key, after checking that its public key is the
 * certificate's (read from the key file, or from the TPM for a handle: no signature needed).
 *
 * @internal
 */
export const createTpmSigner = async (key: string, certificate: CertificateInfo, password: string | undefined): Promise<RequestSigner> => {
  const signer = await createTpmDigestSigner(key, password);
  assertSignerMatches(signer, certificate, "The TPM key");
  return asRequestSigner(signer);
};
