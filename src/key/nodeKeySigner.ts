import type { CertificateInfo } from "../certificate/certificate";
import { bytesEqual } from "../encoding/der";
import type { RolesAnywhereError } from "../errors";
import { ALGORITHM_ECDSA, ALGORITHM_RSA } from "../protocol/constants";
import { certificateKeyStep, privateKeyStep, sanitizeError } from "./cryptoSteps";
import { builtinNodeCrypto } from "./nodeCrypto";
import type { Pkcs8Key } from "./privateKey";
import type { RequestSigner } from "./signer";

/**
 * A {@link RequestSigner} for an RSA or EC PKCS#8 key through `node:crypto`, in Node (see
 * builtinNodeCrypto): a first WebCrypto import costs about 3 ms of a CLI start (three `importKey` calls and
 * two exports to compare the key with the certificate), `node:crypto` a fraction of that. The
 * result is the same: RSASSA-PKCS1-v1_5 with SHA-256 (deterministic, byte for byte what WebCrypto
 * gives) or ECDSA with SHA-256 as DER. The key must belong to the certificate (the same SPKI
 * bytes, or else public keys compared as JWK, as the WebCrypto path does); errors are typed as on that path
 * (`ERR_INVALID_PRIVATE_KEY`, `ERR_INVALID_CERTIFICATE`, `ERR_KEY_MISMATCH`). Signing runs on the
 * thread pool, like WebCrypto. `undefined` when `node:crypto` is not available (the caller then
 * uses WebCrypto). DER is passed as the Uint8Array it is (node:crypto accepts any; its typings say
 * Buffer, which Deno lacks).
 *
 * @internal
 */
export const createNodeKeySigner = async (
  key: Pkcs8Key,
  certificate: CertificateInfo,
  mismatch: (detail: string) => RolesAnywhereError,
): Promise<RequestSigner | undefined> => {
  const crypto = builtinNodeCrypto();
  if (crypto === undefined || (key.type !== "RSA" && key.type !== "EC")) return undefined;
  const privateKey = await privateKeyStep("imported", () => {
    if (key.pkcs1 !== undefined) {
      try {
        // The RSAPrivateKey inside: the same key, imported in a third of the time.
        return crypto.createPrivateKey({ key: key.pkcs1 as unknown as Buffer, format: "der", type: "pkcs1" });
      } catch {
        // The PKCS#8 import below gives the error, if there is one.
      }
    }
    return crypto.createPrivateKey({ key: key.pkcs8 as unknown as Buffer, format: "der", type: "pkcs8" });
  });
  const publicKey = await privateKeyStep("read", () => crypto.createPublicKey(privateKey));
  // The usual case, cheaply: the key's SPKI is byte for byte the certificate's (a key OpenSSL
  // derived from a valid private key, so the certificate's key is valid too).
  const ourSpki = await privateKeyStep("read", () => new Uint8Array(publicKey.export({ type: "spki", format: "der" })));
  if (!bytesEqual(ourSpki, certificate.publicKey.spki)) {
    // Otherwise compare the keys themselves (an SPKI can encode one key in more than one way),
    // which also checks the certificate's key.
    const ours = publicKey.export({ format: "jwk" });
    const theirs = await certificateKeyStep(certificate, () =>
      crypto
        .createPublicKey({ key: certificate.publicKey.spki as unknown as Buffer, format: "der", type: "spki" })
        .export({ format: "jwk" }),
    );
    const same =
      ours.kty === theirs.kty &&
      (ours.kty === "RSA"
        ? ours.n === theirs.n && ours.e === theirs.e
        : ours.crv === theirs.crv && ours.x === theirs.x && ours.y === theirs.y);
    if (!same) throw mismatch("the public keys differ");
  }
  const options = key.type === "EC" ? { key: privateKey, dsaEncoding: "der" as const } : privateKey;
  return {
    algorithm: key.type === "EC" ? ALGORITHM_ECDSA : ALGORITHM_RSA,
    sign: (data) =>
      new Promise((resolve, reject) =>
        crypto.sign("sha256", data, options, (error, signature) =>
          error ? reject(sanitizeError(error)) : resolve(new Uint8Array(signature)),
        ),
      ),
  };
};
