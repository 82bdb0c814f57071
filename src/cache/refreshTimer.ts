import type { RefreshTimer } from "./cache";

/**
 * Symbol key of an internal, undocumented option of `fromRolesAnywhere`: a {@link RefreshTimer}
 * that starts each refresh at its refresh point without waiting for a caller. `serve` passes a
 * real timer; the fleet simulation a virtual one. Not part of the public API.
 *
 * @internal
 */
export const REFRESH_TIMER: unique symbol = Symbol.for("credential-provider-roles-anywhere.refreshTimer");

/**
 * Reads {@link REFRESH_TIMER} from an options object; anything but a function is ignored.
 *
 * @internal
 */
export const refreshTimerOf = (init: object | undefined): RefreshTimer | undefined => {
  const timer = (init as { [REFRESH_TIMER]?: unknown } | undefined)?.[REFRESH_TIMER];
  return typeof timer === "function" ? (timer as RefreshTimer) : undefined;
};
