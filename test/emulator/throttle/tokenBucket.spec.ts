import { describe, expect, it } from "vitest";
import { createTokenBucket } from "../../../src/emulator";
import { parseThrottle, throttleOf } from "../../../src/emulator/throttle/throttleOption";

describe("createTokenBucket", () => {
  it("admits a full burst at once, then the rate", () => {
    const bucket = createTokenBucket({ rate: 10, burst: 20 });
    const admitted = Array.from({ length: 30 }, () => bucket.take(0)).filter(Boolean).length;
    expect(admitted).toBe(20);
    expect(bucket.take(50)).toBe(false); // half a token refilled
    expect(bucket.take(100)).toBe(true); // one token after 100 ms at 10/s
    expect(bucket.take(100)).toBe(false);
  });

  it("over a long run admits rate × seconds + burst, never more", () => {
    const bucket = createTokenBucket({ rate: 10, burst: 5 });
    let admitted = 0;
    for (let ms = 0; ms <= 60_000; ms += 7) if (bucket.take(ms)) admitted++;
    expect(admitted).toBeGreaterThanOrEqual(600);
    expect(admitted).toBeLessThanOrEqual(605);
  });

  it("refills up to the burst only, and not when the clock runs backwards", () => {
    const bucket = createTokenBucket({ rate: 2 });
    expect(bucket.available(0)).toBe(2); // default burst: the rate rounded up
    bucket.take(0);
    bucket.take(0);
    expect(bucket.available(-10_000)).toBe(0);
    expect(bucket.available(3_600_000)).toBe(2);
    expect(createTokenBucket({ rate: 0.5 }).available(0)).toBe(1);
  });

  it("refuses a rate that is not positive and a burst below 1", () => {
    expect(() => createTokenBucket({ rate: 0 })).toThrow(RangeError);
    expect(() => createTokenBucket({ rate: Number.NaN })).toThrow(/rate/);
    expect(() => createTokenBucket({ rate: 1, burst: 0.5 })).toThrow(/burst/);
  });
});

describe("the emulator's throttle option", () => {
  it("defaults to AWS's quota of 10 per second with a burst of 10", () => {
    const bucket = throttleOf({})!;
    expect(bucket.available(0)).toBe(10);
    expect(throttleOf(undefined)).toBeUndefined();
  });

  it("refuses bad values with ERR_INVALID_OPTION naming the field", () => {
    expect(() => throttleOf({ rate: -1 })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_OPTION", message: expect.stringMatching(/throttle\.rate/) }),
    );
    expect(() => throttleOf({ rate: 5, burst: 0 })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_OPTION", message: expect.stringMatching(/throttle\.burst/) }),
    );
    expect(() => throttleOf(7 as never)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTION" }));
  });

  it("reads --throttle RATE[:BURST]", () => {
    expect(parseThrottle("10")).toEqual({ rate: 10 });
    expect(parseThrottle("10:25")).toEqual({ rate: 10, burst: 25 });
    expect(parseThrottle("0.5:1")).toEqual({ rate: 0.5, burst: 1 });
    for (const bad of ["", "0", "ten", "10:", "10:0", "-1", "1:2:3"]) expect(parseThrottle(bad)).toBeUndefined();
  });
});
