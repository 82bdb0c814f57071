/**
 * The 13 CreateSession requests signed by the official aws_signing_helper 1.4.0
 * (test/fixtures/official-helper-requests.json) and their trust anchor.
 */
import { readFileSync } from "node:fs";

/** One recorded request with its expected intermediate strings. */
export interface OfficialVector {
  name: string;
  region: string;
  amzDate: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  trustAnchorArn: string;
  profileArn: string;
  roleArn: string;
  leafSerialDecimal: string;
  leafSerialHex: string;
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  signatureHex: string;
}

export const officialVectors: OfficialVector[] = (
  JSON.parse(readFileSync(new URL("../fixtures/official-helper-requests.json", import.meta.url), "utf8")) as { vectors: OfficialVector[] }
).vectors;

export const officialTrustAnchorPem: string = readFileSync(new URL("../fixtures/trust-anchor.pem", import.meta.url), "utf8");
