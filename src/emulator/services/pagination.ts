import { fault } from "./fault";

/** One page of a list and the token of the next, if any. @internal */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/**
 * Pages a list the way AWS list operations do: an opaque continuation token (here the base64 of
 * the next offset with a check prefix) and a page size. A token the emulator did not issue is
 * refused with `faultType` (Roles Anywhere: `ValidationException`; IAM: `InvalidInputException`;
 * ACM PCA: `InvalidNextTokenException`).
 * @internal
 */
export function pageOf<T>(items: readonly T[], token: string | undefined, size: number, faultType: string): Page<T> {
  let start = 0;
  if (token !== undefined) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : "";
    const m = /^emulator-page:(\d{1,9})$/.exec(decoded);
    if (!m) throw fault(faultType, "Invalid pagination token.", `token "${token.slice(0, 40)}" was not issued by the emulator`);
    start = Number(m[1]);
  }
  const end = start + size;
  const next = end < items.length ? Buffer.from(`emulator-page:${end}`).toString("base64url") : undefined;
  return { items: items.slice(start, end), ...(next === undefined ? {} : { next }) };
}
