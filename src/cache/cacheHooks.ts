import type { RefreshTimer } from "./cache";

/**
 * Symbol key of an internal, undocumented option of `fromRolesAnywhere` that changes how its cache
 * schedules refreshes. `serve` passes a real timer; the fleet simulation (bench/fleet.mjs) a
 * virtual one, and pins the refresh point to compare with the unjittered behaviour. Not part of
 * the public API.
 *
 * @example
 * ```ts
 * fromRolesAnywhere({ ...init, [CACHE_HOOKS]: { timer: (ms, run) => cancelOf(setTimeout(run, ms)) } } as never);
 * ```
 * @internal
 */
export const CACHE_HOOKS: unique symbol = Symbol.for("credential-provider-roles-anywhere.cacheHooks");

/**
 * What {@link CACHE_HOOKS} may set.
 *
 * @internal
 */
export interface CacheHooks {
  /** Starts each refresh at its refresh point (and each retry at its time) without waiting for a caller. */
  readonly timer?: RefreshTimer;
  /** The earliest refresh point before expiry (default 15 minutes); 5 minutes turns the jitter off. */
  readonly earliestRefreshMs?: number;
}

/**
 * Reads {@link CACHE_HOOKS} from an options object, ignoring anything malformed.
 *
 * @internal
 */
export const cacheHooksOf = (init: object | undefined): CacheHooks => {
  const hooks = (init as { [CACHE_HOOKS]?: unknown } | undefined)?.[CACHE_HOOKS];
  if (typeof hooks !== "object" || hooks === null) return {};
  const { timer, earliestRefreshMs } = hooks as CacheHooks;
  return {
    ...(typeof timer === "function" ? { timer } : {}),
    ...(typeof earliestRefreshMs === "number" && Number.isFinite(earliestRefreshMs) && earliestRefreshMs >= 0 ? { earliestRefreshMs } : {}),
  };
};
