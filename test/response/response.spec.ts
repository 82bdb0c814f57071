import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { parseCreateSessionBody } from "../../src/response/response";
import { parseServiceError } from "../../src/response/serviceError";
import { createSessionBody, fakeCredentials } from "../support/stubServers";

const expiration = new Date("2030-01-01T00:00:00Z");

const badResponse = (body: string): RolesAnywhereError => {
  try {
    parseCreateSessionBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RolesAnywhereError);
    return error as RolesAnywhereError;
  }
  throw new Error("expected ERR_BAD_RESPONSE");
};

describe("parseCreateSessionBody", () => {
  it("maps credentialSet[0] to frozen credentials with a Date and the account", () => {
    const credentials = fakeCredentials(expiration);
    const identity = parseCreateSessionBody(createSessionBody(credentials));
    expect(identity).toEqual({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration,
      accountId: "123456789012",
    });
    expect(Object.isFrozen(identity)).toBe(true);
  });

  it.each([
    ["HTML", "<html>oops</html>", /not JSON/],
    ["an empty object", "{}", /credentialSet is missing or empty/],
    ["an empty set", '{"credentialSet":[]}', /credentialSet is missing or empty/],
    [
      "a missing token",
      '{"credentialSet":[{"credentials":{"accessKeyId":"A","secretAccessKey":"S","expiration":"2030-01-01T00:00:00Z"}}]}',
      /sessionToken is missing/,
    ],
    [
      "a numeric key id",
      '{"credentialSet":[{"credentials":{"accessKeyId":1,"secretAccessKey":"S","sessionToken":"T","expiration":"2030-01-01T00:00:00Z"}}]}',
      /accessKeyId is missing or not a string/,
    ],
    [
      "a non-ISO expiration",
      '{"credentialSet":[{"credentials":{"accessKeyId":"A","secretAccessKey":"S","sessionToken":"T","expiration":"Jan 1 2030"}}]}',
      /is not an ISO-8601 time/,
    ],
  ])("rejects %s with ERR_BAD_RESPONSE", (_name, body, message) => {
    const error = badResponse(body);
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(message);
  });

  it("never echoes secrets from a partial body", () => {
    const error = badResponse(
      '{"credentialSet":[{"credentials":{"accessKeyId":"A","secretAccessKey":"TOPSECRETVALUE","expiration":"2030-01-01T00:00:00Z"}}]}',
    );
    expect(error.message).not.toContain("TOPSECRETVALUE");
  });
});

describe("parseServiceError", () => {
  it.each([
    [403, "AccessDeniedException", "Unable to assume role for arn:aws:iam::123456789012:role/x.", "ERR_ACCESS_DENIED", /trust policy/],
    [403, "AccessDeniedException", "Invalid signature", "ERR_ACCESS_DENIED", /system clock/],
    [403, "AccessDeniedException", "Untrusted signing certificate", "ERR_ACCESS_DENIED", /certificateChain/],
    [400, "ValidationException", "1 validation error detected", "ERR_VALIDATION", /ValidationException \(HTTP 400\)/],
    [404, "ResourceNotFoundException", "Specified Trust Anchor wasn't found.", "ERR_NOT_FOUND", /trust anchor/],
    [429, "ThrottlingException", "Rate exceeded", "ERR_THROTTLED", /share one provider/],
    [500, "InternalServerException", "boom", "ERR_SERVICE", /retried/],
  ] as const)("maps HTTP %s %s", (status, type, message, code, hint) => {
    const error = parseServiceError(
      status,
      { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/`, "x-amzn-requestid": "req-1" },
      JSON.stringify({ message }),
    );
    expect(error.code).toBe(code);
    expect(error.errorType).toBe(type);
    expect(error.statusCode).toBe(status);
    expect(error.serviceMessage).toBe(message);
    expect(error.requestId).toBe("req-1");
    expect(error.message).toContain(message);
    expect(error.message).toMatch(hint);
  });

  it("reads the type from __type when the header is absent", () => {
    const error = parseServiceError(
      403,
      {},
      JSON.stringify({ __type: "com.amazonaws#AccessDeniedException", message: "Invalid signature" }),
    );
    expect(error.errorType).toBe("AccessDeniedException");
    expect(error.code).toBe("ERR_ACCESS_DENIED");
  });

  it("handles an HTML error page", () => {
    const error = parseServiceError(502, {}, "<html><body>Bad gateway</body></html>");
    expect(error.code).toBe("ERR_SERVICE");
    expect(error.message).toMatch(/HTTP 502 with a body that is not JSON/);
  });

  it("reads the first type of a repeated X-Amzn-ErrorType header", () => {
    const error = parseServiceError(400, { "x-amzn-errortype": "ThrottlingException, ThrottlingException" }, "{}");
    expect(error.errorType).toBe("ThrottlingException");
    expect(error.code).toBe("ERR_THROTTLED");
  });
});
