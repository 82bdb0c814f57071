import { RolesAnywhereError } from "../errors";

const isTimeoutReason = (reason: unknown): boolean =>
  typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";

/**
 * The error a caller's abort turns into: `ERR_TIMEOUT` when the signal came from
 * `AbortSignal.timeout()`, otherwise `ERR_NETWORK`; the signal's reason is the `cause`.
 *
 * @internal
 */
export const abortError = (signal: AbortSignal): RolesAnywhereError =>
  isTimeoutReason(signal.reason)
    ? new RolesAnywhereError("ERR_TIMEOUT", "Getting Roles Anywhere credentials took longer than the caller's abortSignal allowed.", { cause: signal.reason })
    : new RolesAnywhereError("ERR_NETWORK", "Getting Roles Anywhere credentials was aborted by the caller's abortSignal.", { cause: signal.reason });

/**
 * Settles with `work` unless `signal` aborts first, in which case it rejects with
 * {@link abortError} at once. `work` keeps running; its late rejection is handled
 * here, so it never becomes an unhandled rejection.
 *
 * @internal
 */
export const raceAbort = <T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
};

/**
 * Waits `ms` with `sleep`, but stops early (rejecting) when `signal` aborts.
 *
 * @internal
 */
export const abortableSleep = (sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> =>
  raceAbort(sleep(ms), signal);
