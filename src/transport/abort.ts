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
    ? new RolesAnywhereError("ERR_TIMEOUT", "Getting Roles Anywhere credentials took longer than the caller's abortSignal allowed.", {
        cause: signal.reason,
      })
    : new RolesAnywhereError("ERR_NETWORK", "Getting Roles Anywhere credentials was aborted by the caller's abortSignal.", {
        cause: signal.reason,
      });

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
 * Waits `ms` — with the injected `sleep`, or a timer that is cleared on abort — and
 * rejects with {@link abortError} at once when `signal` aborts.
 *
 * @internal
 */
export const abortableWait = (
  ms: number,
  signal: AbortSignal | undefined,
  sleep: ((ms: number) => Promise<void>) | undefined,
): Promise<void> => {
  if (sleep) return raceAbort(sleep(ms), signal);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
};

/**
 * Settles with `work` unless it takes longer than `ms`, in which case it rejects with
 * `ERR_TIMEOUT` naming `what` and calls `onTimeout` (to stop work that takes a signal). For work
 * that has no signal of its own (a custom signer, an HSM, reading key files): a hung key source
 * never hangs the caller.
 *
 * @internal
 */
export const withTimeout = <T>(work: Promise<T>, ms: number, what: string, onTimeout?: (error: RolesAnywhereError) => void): Promise<T> => {
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new RolesAnywhereError(
        "ERR_TIMEOUT",
        `${what} did not finish within ${ms} ms (the timeout option). Check the key source: file system, HSM or signing service.`,
      );
      onTimeout?.(error);
      reject(error);
    }, ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
};
