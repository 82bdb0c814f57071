// An in-process stand-in for the AWS KMS asymmetric signing API (Sign, GetPublicKey, CreateKey),
// for tests and offline demos. Same request/response field names as @aws-sdk/client-kms; errors
// carry the KMS error names (NotFoundException, ValidationException, …).
import { generateKeyPairSync, randomBytes, randomUUID, sign as nodeSign } from "node:crypto";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";

const ML_DSA = { ML_DSA_44: ml_dsa44, ML_DSA_65: ml_dsa65, ML_DSA_87: ml_dsa87 };
const ML_DSA_SPKI_OID = {
  ML_DSA_44: "2.16.840.1.101.3.4.3.17",
  ML_DSA_65: "2.16.840.1.101.3.4.3.18",
  ML_DSA_87: "2.16.840.1.101.3.4.3.19",
};

const CURVES = { ECC_NIST_P256: "prime256v1", ECC_NIST_P384: "secp384r1", ECC_NIST_P521: "secp521r1" };
const HASHES = { ECDSA_SHA_256: "sha256", ECDSA_SHA_384: "sha384", ECDSA_SHA_512: "sha512", RSASSA_PKCS1_V1_5_SHA_256: "sha256" };

/** DER SubjectPublicKeyInfo of an ML-DSA public key (RFC 9881), as KMS GetPublicKey returns it. */
function mlDsaSpki(keySpec, publicKey) {
  const oid = ML_DSA_SPKI_OID[keySpec].split(".").map(Number);
  const oidBytes = [oid[0] * 40 + oid[1], ...oid.slice(2).flatMap((n) => (n < 128 ? [n] : [0x80 | (n >> 7), n & 0x7f]))];
  const tlv = (tag, body) => {
    const length =
      body.length < 128 ? [body.length] : body.length < 256 ? [0x81, body.length] : [0x82, body.length >> 8, body.length & 0xff];
    return Buffer.concat([Buffer.from([tag, ...length]), body]);
  };
  return new Uint8Array(
    tlv(0x30, Buffer.concat([tlv(0x30, tlv(0x06, Buffer.from(oidBytes))), tlv(0x03, Buffer.concat([Buffer.from([0]), publicKey]))])),
  );
}

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
      if (ML_DSA[KeySpec]) {
        const { publicKey, secretKey } = ML_DSA[KeySpec].keygen(randomBytes(32));
        const KeyId = randomUUID();
        const arn = `arn:aws:kms:${region}:${accountId}:key/${KeyId}`;
        keys.set(KeyId, { KeyId, arn, KeySpec, mlDsa: { publicKey, secretKey } });
        return { KeyMetadata: { KeyId, Arn: arn, KeySpec, KeyUsage } };
      }
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
      if (key.mlDsa) {
        return {
          KeyId: key.arn,
          KeySpec: key.KeySpec,
          KeyUsage: "SIGN_VERIFY",
          PublicKey: mlDsaSpki(key.KeySpec, key.mlDsa.publicKey),
          SigningAlgorithms: ["ML_DSA_SHAKE_256"],
        };
      }
      const SigningAlgorithms = key.KeySpec.startsWith("ECC")
        ? Object.keys(HASHES).filter((name) => name.startsWith("ECDSA"))
        : ["RSASSA_PKCS1_V1_5_SHA_256"];
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
      if (key.mlDsa) {
        if (SigningAlgorithm !== "ML_DSA_SHAKE_256")
          throw kmsError("InvalidKeyUsageException", `${SigningAlgorithm} is not valid for a ${key.KeySpec} key`);
        if (!(Message instanceof Uint8Array) || Message.length === 0 || Message.length > 4096 || MessageType !== "RAW") {
          throw kmsError("ValidationException", "This stand-in signs RAW messages of 1 to 4096 bytes only");
        }
        signRequests.push({ KeyId, MessageType, SigningAlgorithm, MessageLength: Message.length });
        // Pure ML-DSA (FIPS 204) with an empty context, as KMS does for RAW messages.
        return { KeyId: key.arn, Signature: ML_DSA[key.KeySpec].sign(Message, key.mlDsa.secretKey), SigningAlgorithm };
      }
      const hash = HASHES[SigningAlgorithm];
      if (!hash || SigningAlgorithm.startsWith("ECDSA") !== key.KeySpec.startsWith("ECC")) {
        throw kmsError("InvalidKeyUsageException", `${SigningAlgorithm} is not valid for a ${key.KeySpec} key`);
      }
      if (!(Message instanceof Uint8Array) || Message.length === 0 || Message.length > 4096)
        throw kmsError("ValidationException", "Message must be 1 to 4096 bytes");
      if (MessageType !== "RAW") throw kmsError("ValidationException", "This stand-in signs RAW messages only");
      signRequests.push({ KeyId, MessageType, SigningAlgorithm, MessageLength: Message.length });
      // KMS hashes a RAW message with the algorithm's hash; ECDSA signatures come back in DER.
      const Signature = nodeSign(hash, Message, { key: key.privateKey, dsaEncoding: "der" });
      return { KeyId: key.arn, Signature: new Uint8Array(Signature), SigningAlgorithm };
    },
  };
}
