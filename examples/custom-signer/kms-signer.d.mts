import type { Signer } from "../../src/key/signer";

/** The two calls of the AWS KMS asymmetric-signing API the signer uses. */
export interface KmsLike {
  sign(input: {
    KeyId: string;
    Message: Uint8Array;
    MessageType: "RAW" | "DIGEST";
    SigningAlgorithm: string;
  }): Promise<{ Signature?: Uint8Array }>;
  getPublicKey(input: { KeyId: string }): Promise<{ KeySpec?: string }>;
}
export declare function algorithmsFor(keySpec: string): { algorithm: Signer["algorithm"]; signingAlgorithm: string };
export declare function createKmsSigner(options: { kms: KmsLike; keyId: string; keySpec?: string }): Promise<Signer>;
