/**
 * Parses an `X-Amz-Date` value (`YYYYMMDDTHHMMSSZ`), or returns `undefined`.
 * @internal
 */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
