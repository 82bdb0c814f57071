import { createHmac } from "node:crypto";

const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/**
 * SigV4 signing key: HMAC chain `"AWS4" + secret` → date → region → service → `aws4_request`.
 * @internal
 */
export const deriveSigningKey = (secretAccessKey: string, date: string, region: string, service: string): Buffer =>
  hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");

/** Lower-case hex HMAC-SHA256 of the string to sign. @internal */
export const hmacSignatureHex = (signingKey: Buffer, stringToSign: string): string =>
  createHmac("sha256", signingKey).update(stringToSign, "utf8").digest("hex");
