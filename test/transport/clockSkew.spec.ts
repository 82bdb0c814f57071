import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { CLOCK_SKEW_THRESHOLD_MS, createCorrectedClock, skewCorrectionFor } from "../../src/transport/clockSkew";

const local = new Date("2026-11-25T10:00:00Z");
const invalidSignature = new RolesAnywhereError("ERR_ACCESS_DENIED", "x", { statusCode: 403, serviceMessage: "Invalid signature" });

describe("createCorrectedClock", () => {
  it("adds the stored offset to the local clock", () => {
    const clock = createCorrectedClock(() => local);
    expect(clock.now()).toEqual(local);
    clock.setOffset(-600_000);
    expect(clock.offsetMs).toBe(-600_000);
    expect(clock.now().toISOString()).toBe("2026-11-25T09:50:00.000Z");
  });
});

describe("skewCorrectionFor", () => {
  it("returns server − local for Invalid signature with a Date more than 4 minutes off", () => {
    expect(skewCorrectionFor(invalidSignature, "Wed, 25 Nov 2026 10:10:00 GMT", local)).toBe(600_000);
    expect(skewCorrectionFor(invalidSignature, "Wed, 25 Nov 2026 09:50:00 GMT", local)).toBe(-600_000);
  });

  it("reads the first of two Date values (a duplicated header)", () => {
    expect(skewCorrectionFor(invalidSignature, "Wed, 25 Nov 2026 10:10:00 GMT, Wed, 25 Nov 2026 10:20:00 GMT", local)).toBe(600_000);
  });

  it("leaves small offsets, other errors, and missing or bad dates alone", () => {
    const edge = new Date(local.getTime() + CLOCK_SKEW_THRESHOLD_MS).toUTCString();
    expect(skewCorrectionFor(invalidSignature, edge, local)).toBeUndefined();
    expect(skewCorrectionFor(invalidSignature, undefined, local)).toBeUndefined();
    expect(skewCorrectionFor(invalidSignature, "yesterday", local)).toBeUndefined();
    const denied = new RolesAnywhereError("ERR_ACCESS_DENIED", "x", { statusCode: 403, serviceMessage: "Untrusted signing certificate" });
    expect(skewCorrectionFor(denied, "Wed, 25 Nov 2026 10:10:00 GMT", local)).toBeUndefined();
    const throttled = new RolesAnywhereError("ERR_THROTTLED", "Invalid signature", { statusCode: 429 });
    expect(skewCorrectionFor(throttled, "Wed, 25 Nov 2026 10:10:00 GMT", local)).toBeUndefined();
  });
});
