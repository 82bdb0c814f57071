import { X509Certificate, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ALGORITHM_ECDSA,
  ALGORITHM_RSA,
  canonicalQueryFromSearch,
  createCanonicalRequest,
  createScope,
  createStringToSign,
  formatAuthorization,
  getCanonicalQuery,
  parseAuthorization,
  sha256Hex,
} from "../../src/signing";
import { parseCertificate } from "../../src/certificate/certificate";
import { officialVectors } from "../support/vectors";

const vectors = officialVectors;

describe("official aws_signing_helper vectors", () => {
  it("has all 13 vectors", () => {
    expect(vectors).toHaveLength(13);
  });

  describe.each(vectors.map((vector) => [vector.name, vector] as const))("%s", (_name, vector) => {
    const leaf = parseCertificate(new Uint8Array(Buffer.from(vector.headers["x-amz-x509"]!, "base64")));
    const algorithm = leaf.publicKey.type === "RSA" ? ALGORITHM_RSA : ALGORITHM_ECDSA;
    const canonicalQuery = getCanonicalQuery([
      ["trustAnchorArn", vector.trustAnchorArn],
      ["profileArn", vector.profileArn],
      ["roleArn", vector.roleArn],
    ]);
    const canonicalRequest = createCanonicalRequest({
      method: vector.method,
      path: vector.path,
      canonicalQuery,
      headers: vector.headers,
      signedHeaders: Object.keys(vector.headers),
      payloadHash: sha256Hex(vector.body),
    });
    const scope = createScope(vector.amzDate, vector.region);
    const stringToSign = createStringToSign(algorithm, vector.amzDate, scope, canonicalRequest);

    it("rebuilds the canonical query from the ARNs and from the wire", () => {
      expect(canonicalQuery).toBe(vector.query);
      expect(canonicalQueryFromSearch(`?${vector.query}`)).toBe(vector.query);
    });

    it("rebuilds the canonical request byte for byte", () => {
      expect(canonicalRequest).toBe(vector.canonicalRequest);
    });

    it("rebuilds the string to sign byte for byte", () => {
      expect(stringToSign).toBe(vector.stringToSign);
    });

    it("produces the same Credential and SignedHeaders", () => {
      const ours = formatAuthorization({
        algorithm,
        serialDecimal: leaf.serialDecimal,
        scope,
        signedHeaders: Object.keys(vector.headers),
        signatureHex: vector.signatureHex,
      });
      expect(ours).toBe(vector.authorization);
      const parsed = parseAuthorization(vector.authorization);
      expect(parsed?.serialDecimal).toBe(vector.leafSerialDecimal);
      expect(parsed?.signedHeaders).toEqual(Object.keys(vector.headers).sort());
    });

    it("has a signature that verifies over our string to sign", () => {
      const publicKey = createPublicKey({ key: Buffer.from(leaf.publicKey.spki), format: "der", type: "spki" });
      expect(new X509Certificate(Buffer.from(leaf.der)).publicKey.equals(publicKey)).toBe(true);
      const ok = verify("sha256", Buffer.from(stringToSign), publicKey, Buffer.from(vector.signatureHex, "hex"));
      expect(ok).toBe(true);
      const tampered = verify("sha256", Buffer.from(`${stringToSign} `), publicKey, Buffer.from(vector.signatureHex, "hex"));
      expect(tampered).toBe(false);
    });
  });
});
