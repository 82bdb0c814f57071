// An in-process stand-in for the AWS KMS asymmetric signing API (Sign, GetPublicKey, CreateKey),
// for tests and offline demos. Same request/response field names as @aws-sdk/client-kms; errors
// carry the KMS error names (NotFoundException, ValidationException, …).
import { generateKeyPairSync, randomUUID, sign as nodeSign } from "node:crypto";

const CURVES = { ECC_NIST_P256: "prime256v1", ECC_NIST_P384: "secp384r1", ECC_NIST_P521: "secp521r1" };
const HASHES = { ECDSA_SHA_256: "sha256", ECDSA_SHA_384: "sha384", ECDSA_SHA_512: "sha512", RSASSA_PKCS1_V1_5_SHA_256: "sha256" };

function kmsError(name, message) {
  return Object.assign(new Error(message), { name, $fault: "client" });
}

/**
 * @param {{ region?: string, accountId?: string }} [options]
 */
export function createLocalKms({ region = "us-east-1", accountId = "123456789012" } = {}) {
  const keys = new Map();
  /** Every Sign request, without the key: for tests to inspect. */
  const signRequests = [];

  const find = (keyId) => {
    const key = keys.get(keyId) ?? [...keys.values()].find((k) => k.arn === keyId);
    if (!key) throw kmsError("NotFoundException", `Key '${keyId}' does not exist`);
    return key;
  };

  return {
    signRequests,
    async createKey({ KeySpec = "ECC_NIST_P256", KeyUsage = "SIGN_VERIFY" } = {}) {
      if (KeyUsage !== "SIGN_VERIFY") throw kmsError("ValidationException", "Only SIGN_VERIFY keys are supported here");
      const pair = CURVES[KeySpec]
        ? generateKeyPairSync("ec", { namedCurve: CURVES[KeySpec] })
        : /^RSA_(\d+)$/.test(KeySpec)
          ? generateKeyPairSync("rsa", { modulusLength: Number(KeySpec.slice(4)) })
          : undefined;
      if (!pair) throw kmsError("ValidationException", `Unsupported KeySpec ${KeySpec}`);
      const KeyId = randomUUID();
      const arn = `arn:aws:kms:${region}:${accountId}:key/${KeyId}`;
      keys.set(KeyId, { KeyId, arn, KeySpec, ...pair });
      return { KeyMetadata: { KeyId, Arn: arn, KeySpec, KeyUsage } };
    },
    async getPublicKey({ KeyId }) {
      const key = find(KeyId);
      const SigningAlgorithms = key.KeySpec.startsWith("ECC") ? Object.keys(HASHES).filter((name) => name.startsWith("ECDSA")) : ["RSASSA_PKCS1_V1_5_SHA_256"];
      return {
        KeyId: key.arn,
        KeySpec: key.KeySpec,
        KeyUsage: "SIGN_VERIFY",
        PublicKey: new Uint8Array(key.publicKey.export({ type: "spki", format: "der" })),
        SigningAlgorithms,
      };
    },
    async sign({ KeyId, Message, MessageType = "RAW", SigningAlgorithm }) {
      const key = find(KeyId);
      const hash = HASHES[SigningAlgorithm];
      if (!hash || (SigningAlgorithm.startsWith("ECDSA") !== key.KeySpec.startsWith("ECC"))) {
        throw kmsError("InvalidKeyUsageException", `${SigningAlgorithm} is not valid for a ${key.KeySpec} key`);
      }
      if (!(Message instanceof Uint8Array) || Message.length === 0 || Message.length > 4096) throw kmsError("ValidationException", "Message must be 1 to 4096 bytes");
      if (MessageType !== "RAW") throw kmsError("ValidationException", "This stand-in signs RAW messages only");
      signRequests.push({ KeyId, MessageType, SigningAlgorithm, MessageLength: Message.length });
      // KMS hashes a RAW message with the algorithm's hash; ECDSA signatures come back in DER.
      const Signature = nodeSign(hash, Message, { key: key.privateKey, dsaEncoding: "der" });
      return { KeyId: key.arn, Signature: new Uint8Array(Signature), SigningAlgorithm };
    },
  };
}
