/**
 * Fuzz: parseCreateSessionBody returns complete plain credentials or throws
 * ERR_BAD_RESPONSE; parseServiceError always returns a RolesAnywhereError — for any body.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { parseCreateSessionBody } from "../../src/response/response";
import { parseServiceError } from "../../src/response/serviceError";
import { createSessionBody, fakeCredentials } from "../support/stubServers";
import { RUNS, mutatedText, returnsOrThrowsTyped } from "../support/mutations";

const real = createSessionBody(fakeCredentials(new Date("2030-01-01T00:00:00Z")));

/** JSON-ish values shaped like a CreateSession body, with random leaves. */
const shaped = fc
  .record(
    {
      accessKeyId: fc.oneof(fc.string(), fc.anything()),
      secretAccessKey: fc.oneof(fc.string(), fc.anything()),
      sessionToken: fc.oneof(fc.string(), fc.anything()),
      expiration: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  )
  .map((credentials) => JSON.stringify({ credentialSet: [{ credentials, roleArn: "arn:aws:iam::123456789012:role/x" }] }));

const check = (body: string): void =>
  returnsOrThrowsTyped(() => {
    const identity = parseCreateSessionBody(body);
    expect(Object.isExtensible(identity)).toBe(true);
    for (const value of [identity.accessKeyId, identity.secretAccessKey, identity.sessionToken]) expect(value.length).toBeGreaterThan(0);
    expect(Number.isNaN(identity.expiration.getTime())).toBe(false);
  }, ["ERR_BAD_RESPONSE"]);

describe("fuzz the CreateSession response parser", () => {
  it("random text → ERR_BAD_RESPONSE", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.json({ maxDepth: 4 })), check), RUNS);
  });

  it("bodies of the right shape with random fields → complete credentials or ERR_BAD_RESPONSE", () => {
    fc.assert(fc.property(shaped, check), RUNS);
  });

  it("mutated real bodies → complete credentials or ERR_BAD_RESPONSE", () => {
    fc.assert(fc.property(mutatedText(real), check), RUNS);
  });
});

describe("fuzz the service error parser", () => {
  it("any status, headers and body → a RolesAnywhereError with that status", () => {
    const headers = fc.dictionary(
      fc.constantFrom("x-amzn-errortype", "x-amzn-requestid", "retry-after", "date", "content-type"),
      fc.string({ maxLength: 80 }),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ __type: fc.string(), message: fc.anything() }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), headers, body, (status, h, b) => {
        const error = parseServiceError(status, h, b);
        expect(error).toBeInstanceOf(RolesAnywhereError);
        expect(error.statusCode).toBe(status);
        expect(error.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
