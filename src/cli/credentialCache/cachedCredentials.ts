import { readFileSync } from "node:fs";
import { resolveOptions } from "../../options/options";
// The JavaScript SHA-256 (@aws-crypto/sha256-js): a cache hit never loads node:crypto.
import { sha256HexPortable as sha256Hex } from "../../signature/hash";
import { splitLeafPem } from "../../certificate/certificateBlocks";
import type { CommandContext } from "../context";
import { createCliLogger } from "../logger";
import type { CliCredentials, CliSession } from "../session";
import type { CliSessionInit } from "../sessionInit";
import { describeFsError } from "../../node/fsError";
import { CliError } from "../errors";
import { shownPath } from "../pathValue";
import { cacheKeyText } from "./cacheKey";
import { prepareCacheDir } from "./cacheFiles";
import { type CacheLog, cacheLocation, readFreshEntry } from "./cacheLookup";
import type { CacheSettings } from "./cacheSettings";

/** The leaf certificate of a certificate file (PEM: its first certificate; else DER), unparsed. */
function leafFromFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(
      `cannot read the --certificate file ${shownPath(path)}: ${describeFsError(error)}. Check the path and its permissions.`,
      { cause: error },
    );
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65536)).toString("latin1");
  return head.includes("-----BEGIN ") ? splitLeafPem(Buffer.from(bytes).toString("utf8")).leaf : bytes;
}

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
  if (options.durationSeconds * 1000 <= settings.minRemainingMs) {
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
  const key = sha256Hex(
    cacheKeyText({
      endpoint: options.endpoint,
      region: options.region,
      trustAnchorArn: options.trustAnchorArn,
      profileArn: options.profileArn,
      roleArn: options.roleArn,
      roleSessionName: options.roleSessionName,
      durationSeconds: options.durationSeconds,
      leafSha256: sha256Hex(leaf),
    }),
  );
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
