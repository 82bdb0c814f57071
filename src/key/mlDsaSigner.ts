import { RolesAnywhereError } from "../errors";
import type { CertificateInfo } from "../certificate/certificate";
import { bytesEqual } from "../encoding/der";
import { subjectPublicKeyBytes } from "../certificate/spki";
import type { MlDsaParameterSet, MlDsaPrivateKey } from "./mlDsaKey";
import { cryptoStep } from "./cryptoSteps";
import { ALGORITHM_MLDSA } from "../protocol/constants";
import type { RequestSigner } from "./signer";

interface MlDsaScheme {
  keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
}

/** `@noble/post-quantum` is loaded only when an ML-DSA key is used. */
const loadScheme = async (parameterSet: MlDsaParameterSet): Promise<MlDsaScheme> => {
  let module: typeof import("@noble/post-quantum/ml-dsa.js");
  try {
    module = await import("@noble/post-quantum/ml-dsa.js");
  } catch (error) {
    throw new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      `Signing with ${parameterSet} needs the package "@noble/post-quantum", which could not be loaded. Install it next to this package.`,
      {
        cause: error,
      },
    );
  }
  const scheme = parameterSet === "ML-DSA-44" ? module.ml_dsa44 : parameterSet === "ML-DSA-65" ? module.ml_dsa65 : module.ml_dsa87;
  return scheme as unknown as MlDsaScheme;
};

const mismatch = (certificate: CertificateInfo, detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_KEY_MISMATCH",
    `The private key does not belong to the certificate (serial ${certificate.serialHex}): ${detail}. Pass the key the certificate was issued for.`,
  );

/**
 * Builds an `AWS4-X509-MLDSA` signer: pure ML-DSA (FIPS 204, empty context) over
 * the string to sign, after checking that the key's public key is the
 * certificate's. WebCrypto has no ML-DSA in most runtimes yet, so the expanded
 * secret key stays in this closure (never exported, never logged).
 *
 * @internal
 */
export const createMlDsaSigner = async (key: MlDsaPrivateKey, certificate: CertificateInfo): Promise<RequestSigner> => {
  if (certificate.publicKey.namedCurve !== key.parameterSet) {
    throw mismatch(
      certificate,
      `the key is ${key.parameterSet} but the certificate's key is ${certificate.publicKey.namedCurve ?? certificate.publicKey.type}`,
    );
  }
  const scheme = await loadScheme(key.parameterSet);
  let secretKey: Uint8Array;
  let publicKey: Uint8Array;
  const derive = <T>(work: () => T): Promise<T> =>
    cryptoStep(
      "ERR_INVALID_PRIVATE_KEY",
      `The ${key.parameterSet} private key could not be expanded; check that the key file is complete`,
      work,
    );
  if (key.seed) {
    const seed = key.seed;
    ({ secretKey, publicKey } = await derive(() => scheme.keygen(seed)));
    if (key.expandedKey && !bytesEqual(secretKey, key.expandedKey)) {
      throw new RolesAnywhereError(
        "ERR_INVALID_PRIVATE_KEY",
        `The ${key.parameterSet} private key's seed and expanded key disagree. The key file is damaged: export it again.`,
      );
    }
  } else {
    const expanded = key.expandedKey!.slice();
    secretKey = expanded;
    publicKey = await derive(() => scheme.getPublicKey(expanded));
  }
  key.seed?.fill(0);
  key.expandedKey?.fill(0);
  const expected = subjectPublicKeyBytes(certificate.publicKey.spki);
  if (!expected || !bytesEqual(publicKey, expected)) throw mismatch(certificate, "the public keys differ");
  return {
    algorithm: ALGORITHM_MLDSA,
    sign: (data) => cryptoStep("ERR_SIGNER", `Signing with the ${key.parameterSet} key failed`, () => scheme.sign(data, secretKey)),
  };
};
