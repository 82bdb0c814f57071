/**
 * Symbol key of an internal, undocumented option of `fromRolesAnywhere` /
 * `getRolesAnywhereCredentials` that replaces how retry delays are waited and drawn,
 * so tests run retries without real waits. Not part of the public API.
 *
 * @example
 * ```ts
 * fromRolesAnywhere({ ...init, [RETRY_HOOKS]: { sleep: async (ms) => { delays.push(ms); } } } as never);
 * ```
 * @internal
 */
export const RETRY_HOOKS: unique symbol = Symbol.for("credential-provider-roles-anywhere.retryHooks");

/**
 * What {@link RETRY_HOOKS} may replace.
 *
 * @internal
 */
export interface RetryHooks {
  /** Waits `ms` milliseconds before the next attempt. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Draws the jitter fraction in [0, 1). */
  readonly random?: () => number;
}

/**
 * Reads {@link RETRY_HOOKS} from an options object, ignoring anything malformed.
 *
 * @internal
 */
export const retryHooksOf = (init: object | undefined): RetryHooks => {
  const hooks = (init as { [RETRY_HOOKS]?: unknown } | undefined)?.[RETRY_HOOKS];
  if (typeof hooks !== "object" || hooks === null) return {};
  const { sleep, random } = hooks as RetryHooks;
  return { ...(typeof sleep === "function" ? { sleep } : {}), ...(typeof random === "function" ? { random } : {}) };
};
