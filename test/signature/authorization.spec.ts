import { describe, expect, it } from "vitest";
import { formatAuthorization, parseAuthorization } from "../../src/signing";

const header =
  "AWS4-X509-ECDSA-SHA256 Credential=1/20261125/us-east-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date, Signature=";

describe("parseAuthorization", () => {
  it("reads what formatAuthorization writes", () => {
    const header = formatAuthorization({
      algorithm: "AWS4-X509-ECDSA-SHA256",
      serialDecimal: "241",
      scope: "20261125/us-east-1/rolesanywhere/aws4_request",
      signedHeaders: ["content-type", "host", "x-amz-date", "x-amz-x509"],
      signatureHex: "3045abcd",
    });
    expect(parseAuthorization(header)).toEqual({
      algorithm: "AWS4-X509-ECDSA-SHA256",
      serialDecimal: "241",
      date: "20261125",
      region: "us-east-1",
      service: "rolesanywhere",
      signedHeaders: ["content-type", "host", "x-amz-date", "x-amz-x509"],
      signatureHex: "3045abcd",
    });
  });

  it("an Authorization header whose signature has an odd number of hex digits is malformed", () => {
    expect(parseAuthorization(`${header}3045`)).toBeDefined();
    expect(parseAuthorization(`${header}30450`)).toBeUndefined();
  });
});
