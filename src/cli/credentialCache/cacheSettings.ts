import { join } from "node:path";
import { UsageError } from "../errors";
import type { FlagSpec, ParsedFlags } from "../flags";
import { expandUserPath, homeDirectory } from "../userPath";

/** Environment variable that turns the cache on (`1`) or off (`0`) when `--cache` is not given. @internal */
export const CACHE_ENV = "ROLES_ANYWHERE_CACHE";

/**
 * Default margin: an entry is served only while more than 15 minutes remain. The AWS CLI
 * (botocore) asks its credential_process again once less than 15 minutes remain (and insists at
 * 10), so an entry with less left would make every later command start the process again.
 * @internal
 */
export const DEFAULT_MIN_REMAINING_SECONDS = 900;
/** A lock whose holder has shown no sign of life (creation or heartbeat) for this long is stale. @internal */
export const LOCK_STALE_MS = 30_000;
/**
 * How long a process waits for another one fetching the same credentials before it fetches on its
 * own: longer than a fetch can take (its attempts time out after 5 s, with retries about 30 s).
 * @internal
 */
export const WAIT_LIMIT_MS = 90_000;

/** The cache flags of credential-process and `cache clear`. @internal */
export const CACHE_DIR_FLAG: FlagSpec = {
  name: "cache-dir",
  type: "string",
  value: "<dir>",
  description: "Directory of the credential cache (default ~/.aws/roles-anywhere/cache; created with mode 0700).",
};

/** @internal */
export const CACHE_FLAGS: readonly FlagSpec[] = [
  {
    name: "cache",
    type: "boolean",
    description: `Reuse credentials across processes: serve them from the cache directory while more than --cache-min-remaining is left, and let only one of many concurrent processes call CreateSession (default: env ${CACHE_ENV}=1, else off).`,
  },
  CACHE_DIR_FLAG,
  {
    name: "cache-min-remaining",
    type: "string",
    value: "<seconds>",
    description: `Serve a cached entry only while more than this many seconds of validity remain, 60..43200 (default ${DEFAULT_MIN_REMAINING_SECONDS}: the AWS CLI refreshes 15 minutes before expiry).`,
  },
];

/** Where and how credential-process caches. @internal */
export interface CacheSettings {
  readonly dir: string;
  readonly minRemainingMs: number;
  readonly lockStaleMs: number;
  readonly waitLimitMs: number;
}

/**
 * Whether sessions of `durationSeconds` can never be served from the cache with these settings:
 * a fresh entry has at most the session's length left, never more than the margin. Pure.
 * @internal
 */
export const sessionTooShortForMargin = (durationSeconds: number, settings: CacheSettings): boolean =>
  durationSeconds * 1000 <= settings.minRemainingMs;

type Env = Readonly<Record<string, string | undefined>>;

/** `--cache-dir` (with `~` expanded, relative to `cwd`) or `~/.aws/roles-anywhere/cache`. @internal */
export function cacheDirectory(flags: ParsedFlags, env: Env, cwd: string): string {
  const dir = typeof flags["cache-dir"] === "string" ? flags["cache-dir"].trim() : "";
  return dir ? expandUserPath(dir, env, cwd) : join(homeDirectory(env), ".aws", "roles-anywhere", "cache");
}

/**
 * The cache settings, or `undefined` when caching is off: `--cache` (or `--cache=false`) wins,
 * else env `ROLES_ANYWHERE_CACHE` (`1`/`true` on, `0`/`false`/empty off). Bad values are usage
 * errors.
 * @internal
 */
export function cacheSettings(flags: ParsedFlags, env: Env, cwd: string): CacheSettings | undefined {
  if (!cacheEnabled(flags, env)) return undefined;
  const margin = typeof flags["cache-min-remaining"] === "string" ? flags["cache-min-remaining"].trim() : undefined;
  let minRemainingSeconds = DEFAULT_MIN_REMAINING_SECONDS;
  if (margin !== undefined) {
    if (!/^\d{1,5}$/.test(margin) || Number(margin) < 60 || Number(margin) > 43_200) {
      throw new UsageError(
        `--cache-min-remaining must be a whole number of seconds from 60 to 43200 (got "${margin.length > 20 ? `${margin.slice(0, 17)}...` : margin}").`,
      );
    }
    minRemainingSeconds = Number(margin);
  }
  return {
    dir: cacheDirectory(flags, env, cwd),
    minRemainingMs: minRemainingSeconds * 1000,
    lockStaleMs: LOCK_STALE_MS,
    waitLimitMs: WAIT_LIMIT_MS,
  };
}

function cacheEnabled(flags: ParsedFlags, env: Env): boolean {
  if (typeof flags.cache === "boolean") return flags.cache;
  const value = (env[CACHE_ENV] ?? "").trim().toLowerCase();
  if (value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new UsageError(
    `${CACHE_ENV} must be 1 (cache on) or 0 (off); got "${value.length > 20 ? `${value.slice(0, 17)}...` : value}". Unset it or pass --cache / --cache=false.`,
  );
}
