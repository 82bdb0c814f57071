/**
 * Reads an HTTP-date (IMF-fixdate such as `Wed, 25 Nov 2026 10:15:00 GMT`, or the obsolete RFC 850
 * and asctime forms, all of which start with the day name) as epoch milliseconds; `undefined`
 * when absent or unreadable. A repeated header arrives as "date, date": the first one counts (an
 * IMF-fixdate is 29 characters).
 *
 * @internal
 */
export const parseHttpDate = (value: string | undefined): number | undefined => {
  const text = value?.trim();
  if (!text || !/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i.test(text)) return undefined;
  const whole = Date.parse(text);
  const ms = Number.isFinite(whole) ? whole : Date.parse(text.slice(0, 29));
  return Number.isFinite(ms) ? ms : undefined;
};
