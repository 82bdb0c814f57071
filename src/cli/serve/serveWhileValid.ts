/**
 * What `serve` answers with: the last credentials while they are still valid, never waiting for a
 * refresh. `load` (a cached provider that refreshes ahead of expiry and shares one in-flight call)
 * is consulted on every request, but in the background while the last credentials are valid: a
 * refresh that hangs or fails cannot delay a client (the AWS SDKs give a metadata endpoint one
 * second). At most one background call is pending at a time; its failure goes to `onError`. Only
 * without valid credentials does a request wait for `load`.
 * @internal
 */
export function serveWhileValid<T extends { readonly expiration?: Date }>(
  load: () => Promise<T>,
  options: { now?: () => number; onError?: (error: unknown) => void } = {},
): () => Promise<T> {
  const now = options.now ?? Date.now;
  let last: T | undefined;
  let pending: Promise<T> | undefined;
  const consult = (): Promise<T> =>
    (pending ??= load()
      .then((value) => {
        last = value;
        return value;
      })
      .finally(() => {
        pending = undefined;
      }));
  const isValid = (value: T | undefined): value is T =>
    value !== undefined && (value.expiration === undefined || value.expiration.getTime() > now());
  return () => {
    const current = last;
    if (!isValid(current)) return consult();
    if (!pending) consult().catch((error: unknown) => options.onError?.(error));
    return Promise.resolve(current);
  };
}
