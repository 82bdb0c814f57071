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
  it("maps credentialSet[0] to plain (extensible) credentials with a Date and the account", () => {
    const credentials = fakeCredentials(expiration);
    const identity = parseCreateSessionBody(createSessionBody(credentials));
    expect(identity).toEqual({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration,
      accountId: "123456789012",
    });
    expect(Object.isExtensible(identity)).toBe(true);
  });

  const AKID = "ASIAEXAMPLEEXAMPLE01";
  const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const TOKEN = "FwoGZXIvYXdzEExampleSessionToken0123456789+/abc==";
  const body = (credentials: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      credentialSet: [
        {
          credentials: {
            accessKeyId: AKID,
            secretAccessKey: SECRET,
            sessionToken: TOKEN,
            expiration: "2030-01-01T00:00:00Z",
            ...credentials,
          },
          ...extra,
        },
      ],
    });

  it.each([
    ["HTML", "<html>oops</html>", /not JSON/],
    ["an empty object", "{}", /credentialSet is missing or empty/],
    ["an empty set", '{"credentialSet":[]}', /credentialSet is missing or empty/],
    ["a missing token", body({ sessionToken: undefined }), /sessionToken is missing/],
    ["a numeric key id", body({ accessKeyId: 1 }), /accessKeyId is missing or not a string/],
    ["a non-ISO expiration", body({ expiration: "Jan 1 2030" }), /is not an ISO-8601 time/],
  ])("rejects %s with ERR_BAD_RESPONSE", (_name, text, message) => {
    const error = badResponse(text);
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(message);
  });

  // Security: a hostile endpoint must not smuggle text into credentials files, env lines or headers.
  it.each([
    [
      "a session token that injects an INI section",
      { sessionToken: `${TOKEN}\n[evil]\ncredential_process = sh -c "touch /tmp/pwned"` },
      /sessionToken holds characters other than base64/,
    ],
    ["a CR in the secret", { secretAccessKey: `${SECRET}\r` }, /secretAccessKey holds characters other than base64/],
    ["a NUL in the token", { sessionToken: `${TOKEN}\u0000` }, /sessionToken holds characters other than base64/],
    ["a space in the token", { sessionToken: `${TOKEN} x` }, /sessionToken holds characters other than base64/],
    [
      "a lower-case access key id",
      { accessKeyId: "asiaexampleexample01" },
      /accessKeyId holds characters other than upper-case letters and digits/,
    ],
    ["a line break in the access key id", { accessKeyId: `${AKID}\nx` }, /accessKeyId holds/],
    ["a too short access key id", { accessKeyId: "ASIAX" }, /accessKeyId has 5 characters, not 16–128/],
    ["a too long access key id", { accessKeyId: "A".repeat(129) }, /accessKeyId has 129 characters/],
    ["a too short secret", { secretAccessKey: "s" }, /secretAccessKey has 1 characters/],
    ["a 1 MB session token", { sessionToken: "A".repeat(1_000_000) }, /sessionToken has 1000000 characters, not 16–16384/],
    ["an impossible date", { expiration: "2030-02-31T00:00:00Z" }, /is not a real date and time/],
    ["an impossible hour", { expiration: "2030-01-01T24:00:00Z" }, /is not a real date and time/],
    ["a time with a line break", { expiration: "2030-01-01T00:00:00Z\n" }, /is not an ISO-8601 time/],
  ])("rejects %s with ERR_BAD_RESPONSE, without echoing the value", (_name, fields, message) => {
    const error = badResponse(body(fields));
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/evil|credential_process|wJalrXUtnFEMI|FwoGZXIvYXdzE/);
  });

  it("takes the account id only from a well-formed ARN (12 digits)", () => {
    expect(parseCreateSessionBody(body({}, { roleArn: "arn:aws:iam::123456789012:role/r" })).accountId).toBe("123456789012");
    expect(parseCreateSessionBody(body({}, { roleArn: "arn:aws:iam::12345678901\n2:role/r" })).accountId).toBeUndefined();
    expect(parseCreateSessionBody(body({}, { roleArn: "arn:aws:iam::1234567890123:role/r" })).accountId).toBeUndefined();
  });

  it("never echoes secrets from a partial body", () => {
    const error = badResponse(
      '{"credentialSet":[{"credentials":{"accessKeyId":"ASIAEXAMPLEEXAMPLE01","secretAccessKey":"TOPSECRETVALUE0123456789","expiration":"2030-01-01T00:00:00Z"}}]}',
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
