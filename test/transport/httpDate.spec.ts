import { describe, expect, it } from "vitest";
import { parseHttpDate } from "../../src/transport/httpDate";

describe("parseHttpDate", () => {
  const ms = Date.UTC(2026, 10, 25, 10, 15, 0);

  it.each([
    ["an IMF-fixdate", "Wed, 25 Nov 2026 10:15:00 GMT"],
    ["a repeated header (the first date counts)", "Wed, 25 Nov 2026 10:15:00 GMT, Thu, 26 Nov 2026 10:15:00 GMT"],
    ["the obsolete RFC 850 form", "Wednesday, 25-Nov-26 10:15:00 GMT"],
    ["surrounding spaces", "  Wed, 25 Nov 2026 10:15:00 GMT "],
  ])("reads %s", (_name, value) => {
    expect(parseHttpDate(value)).toBe(ms);
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["delay-seconds", "5"],
    ["an ISO date", "2026-11-25T10:15:00Z"],
    ["a day name and garbage", "Wed, the day after tomorrow"],
  ])("is undefined for %s", (_name, value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });
});
