import type { RolesAnywhereError } from "../errors";
import { parseHttpDate } from "./httpDate";

/** First backoff ceiling in milliseconds (doubles per attempt). @internal */
export const BASE_DELAY_MS = 100;
/** Longest wait between two attempts, whatever the server asks. @internal */
export const MAX_DELAY_MS = 20_000;

/**
 * Reads a `Retry-After` value, either delay-seconds (`"2"`) or an HTTP-date
 * (`"Wed, 25 Nov 2026 10:15:00 GMT"`), as milliseconds from `now`; `undefined` when
 * absent or unreadable. A date in the past means "now" (0).
 *
 * @internal
 */
export const parseRetryAfter = (value: string | undefined, now: Date): number | undefined => {
  const text = value?.trim();
  if (!text) return undefined;
  const seconds = text.split(",")[0]!.trim();
  if (/^\d+(\.\d+)?$/.test(seconds)) return Number(seconds) * 1000;
  const date = parseHttpDate(text);
  return date === undefined ? undefined : Math.max(0, date - now.getTime());
};

/**
 * Full-jitter exponential backoff (`random() * min(cap, base * 2^attempt)`), or the
 * server's `Retry-After` when it sent a readable one; never more than {@link MAX_DELAY_MS}.
 *
 * @internal
 */
export const retryDelay = (attempt: number, random: () => number, retryAfter?: string, now: Date = new Date()): number => {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, MAX_DELAY_MS);
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
};

/**
 * Whether a failed attempt is worth repeating: throttling (429 or a throttling error
 * type), 5xx, timeouts and network errors. Other 4xx and unusable bodies are final.
 *
 * @internal
 */
export const isRetryable = (error: RolesAnywhereError): boolean =>
  error.code === "ERR_THROTTLED" || error.code === "ERR_TIMEOUT" || error.code === "ERR_NETWORK" || (error.statusCode ?? 0) >= 500;
