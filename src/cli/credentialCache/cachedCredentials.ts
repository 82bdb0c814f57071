import { resolveOptions } from "../../options/options";
import type { CommandContext } from "../context";
import { createCliLogger } from "../logger";
import type { CliCredentials, CliSession } from "../session";
import type { CliSessionInit } from "../sessionInit";
import { prepareCacheDir } from "./cacheFiles";
import { entryKeyOf, leafFromFile } from "./entryKey";
import { type CacheLog, cacheLocation, readFreshEntry } from "./cacheLookup";
import { type CacheSettings, sessionTooShortForMargin } from "./cacheSettings";

/**
 * credential-process with `--cache`: the credentials of the cache entry for this request and
 * certificate while more than the margin remains, else one fetch shared by all the processes
 * that miss at the same time (see fetchThroughCache), stored for the next ones. A cache
 * directory that may not be used is a warning, and the credentials are fetched as without
 * `--cache`. Whatever is served is registered with the redactor.
 * @internal
 */
export async function cachedCredentials(
  ctx: CommandContext,
  settings: CacheSettings,
  init: CliSessionInit,
  session: () => Promise<CliSession>,
): Promise<CliCredentials> {
  const logger = createCliLogger(ctx.stderr, ctx.flags.debug === true);
  const log: CacheLog = { debug: (m) => logger.debug(m), warn: (m) => logger.warn(m) };
  const fetchOnce = async () => (await session()).fetchOnce();
  const options = resolveOptions(init);
  if (sessionTooShortForMargin(options.durationSeconds, settings)) {
    log.warn(
      `roles-anywhere: --cache cannot help: sessions of ${options.durationSeconds} s never have more than --cache-min-remaining (${settings.minRemainingMs / 1000} s) left. Lengthen --session-duration or lower --cache-min-remaining.`,
    );
  }
  const dirProblem = await prepareCacheDir(settings.dir);
  if (dirProblem !== undefined) {
    log.warn(`roles-anywhere: not using the credential cache: ${dirProblem}. Fetching credentials without it.`);
    return fetchOnce();
  }
  const leaf = init.certificateFile !== undefined ? leafFromFile(init.certificateFile) : await (await session()).leafCertificate();
  const key = entryKeyOf(options, leaf);
  const location = cacheLocation(settings.dir, key);
  log.debug(`roles-anywhere: cache entry ${location.entryPath}`);
  const hit = await readFreshEntry(location, settings.minRemainingMs, Date.now(), log);
  const credentials =
    hit ??
    (await (
      await import("./fetchThroughCache")
    ).fetchThroughCache({
      location,
      minRemainingMs: settings.minRemainingMs,
      lockStaleMs: settings.lockStaleMs,
      waitLimitMs: settings.waitLimitMs,
      fetch: fetchOnce,
      log,
    }));
  ctx.redactor.add(credentials.secretAccessKey);
  ctx.redactor.add(credentials.sessionToken);
  return credentials;
}
