import type { KmsLike } from "./kms-signer.mjs";

export interface LocalKms extends KmsLike {
  readonly signRequests: { KeyId: string; MessageType: string; SigningAlgorithm: string; MessageLength: number }[];
  createKey(input?: {
    KeySpec?: string;
    KeyUsage?: string;
  }): Promise<{ KeyMetadata: { KeyId: string; Arn: string; KeySpec: string; KeyUsage: string } }>;
  getPublicKey(input: {
    KeyId: string;
  }): Promise<{ KeyId: string; KeySpec: string; KeyUsage: string; PublicKey: Uint8Array; SigningAlgorithms: string[] }>;
  sign(input: {
    KeyId: string;
    Message: Uint8Array;
    MessageType: "RAW" | "DIGEST";
    SigningAlgorithm: string;
  }): Promise<{ KeyId: string; Signature: Uint8Array; SigningAlgorithm: string }>;
}
export declare function createLocalKms(options?: { region?: string; accountId?: string }): LocalKms;
