/** Fuzz: parseArn returns parts or undefined; validateArn returns parts or throws ERR_INVALID_ARN (ERR_INVALID_OPTION when missing or not a string) — for any input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArn, validateArn } from "../../src/protocol/arn";
import { ARNS } from "../support/fixtures";
import { RUNS, mutatedText, returnsOrThrowsTyped } from "../support/mutations";

const KINDS = ["trustAnchorArn", "profileArn", "roleArn"] as const;
const anyValue = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.anything({ maxDepth: 1 }),
  fc.constantFrom(...Object.values(ARNS)).chain(mutatedText),
);
const arnShaped = fc
  .tuple(
    fc.constantFrom("arn", "ARN", "arn "),
    fc.string({ maxLength: 12 }),
    fc.string({ maxLength: 20 }),
    fc.string({ maxLength: 15 }),
    fc.string({ maxLength: 14 }),
    fc.string({ maxLength: 60 }),
  )
  .map((parts) => parts.join(":"));

describe("fuzz ARN parsing", () => {
  it("parseArn → parts that rebuild the input, or undefined", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), arnShaped), (text) => {
        const arn = parseArn(text);
        if (arn) expect(`arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`).toBe(text);
      }),
      RUNS,
    );
  });

  it("validateArn(kind, anything) → parts, ERR_INVALID_ARN, or ERR_INVALID_OPTION (missing or not a string)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.oneof(anyValue, arnShaped), (kind, value) =>
        returnsOrThrowsTyped(
          () => validateArn(kind, value),
          typeof value === "string" && value.trim() !== "" ? ["ERR_INVALID_ARN"] : ["ERR_INVALID_ARN", "ERR_INVALID_OPTION"],
        ),
      ),
      RUNS,
    );
  });

  it("parseArn stays linear on long adversarial input", () => {
    const long = fc
      .tuple(fc.constantFrom("arn:aws:", "arn:aws-", "a", ":", "-", "1"), fc.integer({ min: 1000, max: 20000 }))
      .map(([unit, n]) => unit.repeat(n));
    fc.assert(
      fc.property(long, (text) => void parseArn(text)),
      { numRuns: 30 },
    );
  });
});
