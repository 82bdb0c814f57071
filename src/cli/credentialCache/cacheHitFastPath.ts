import { resolveOptions } from "../../options/options";
import { credentialProcessJson } from "../commands/credentialProcessJson";
import { parseFlags } from "../flags";
import { createCliLogger, startedMessage } from "../logger";
import { type TextSink, createRedactor, redactingSink } from "../redact";
import { envSecrets, flagSecrets } from "../secretValues";
import type { CliCredentials } from "../session";
import { buildSessionInit } from "../sessionInit";
import { CREDENTIAL_PROCESS_FLAGS, UNSUPPORTED_FLAGS } from "../specs";
import { prepareCacheDir } from "./cacheFiles";
import { cacheLocation, readFreshEntry } from "./cacheLookup";
import { cacheSettings, sessionTooShortForMargin } from "./cacheSettings";
import { entryKeyOf, leafFromFile } from "./entryKey";

/** What the fast path touches from the outside. @internal */
export interface CacheHitIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: TextSink;
  /** Gets --debug lines only. */
  readonly stderr: TextSink;
  readonly nowMs: () => number;
}

const COMMAND = "credential-process";

/**
 * `credential-process --cache` answered from a fresh cache entry without loading the rest of the
 * CLI (the dispatcher, the other commands, the session code): the same flag parsing, checks, key
 * and lookup as the full command, through the same functions. Returns `true` once it has written
 * the credentials, and from then on whatever else happens, so they are never printed twice; a
 * failed write of the credentials rejects (the bin then exits 1, as the full command would).
 * Anything else (cache off, help, a flag or file problem, a miss, an entry that is not used, a
 * warning to give) returns `false` and the full CLI runs from the start, so every error and
 * warning has one author and one wording. Writes to stderr only --debug lines (paths and times),
 * through the same redactor as the full CLI, and a failed debug write is ignored.
 * @internal
 */
export async function serveCacheHit(argv: readonly string[], io: CacheHitIo): Promise<boolean> {
  if (argv[0] !== COMMAND) return false;
  let debug = (_message: string): void => {};
  const notServed = (why: string): false => {
    debug(`roles-anywhere: cache fast path: ${why}; the full CLI takes over`);
    return false;
  };
  let hit: CliCredentials | undefined;
  try {
    const flagArgs = argv.slice(1);
    const specs = [...CREDENTIAL_PROCESS_FLAGS, ...UNSUPPORTED_FLAGS];
    const redactor = createRedactor();
    for (const secret of [...envSecrets(io.env), ...flagSecrets(flagArgs, specs)]) redactor.add(secret);
    const flags = parseFlags(flagArgs, specs, COMMAND);
    for (const secret of flagSecrets(flagArgs, specs, flags, io.env)) redactor.add(secret);
    if (flags.help === true || UNSUPPORTED_FLAGS.some((f) => flags[f.name] !== undefined)) return false;
    const logger = createCliLogger(redactingSink(io.stderr, redactor), flags.debug === true);
    debug = (message) => {
      try {
        logger.debug(message);
      } catch {
        // A trace line that cannot be written changes nothing about the answer.
      }
    };
    // Only with --debug: the message reads `performance`, which loads perf_hooks.
    if (flags.debug === true) debug(startedMessage(COMMAND));
    const settings = cacheSettings(flags, io.env, io.cwd);
    if (settings === undefined) return notServed("the cache is off");
    const init = await buildSessionInit(flags, io.env, io.cwd);
    debug("roles-anywhere: flags and input files checked");
    if (init.certificateFile === undefined) return notServed("the certificate is not a file (PKCS#12 or pkcs11:)");
    const options = resolveOptions(init);
    // The full command warns about this on every run.
    if (sessionTooShortForMargin(options.durationSeconds, settings)) return notServed("the session is too short for the margin");
    if ((await prepareCacheDir(settings.dir)) !== undefined) return notServed("the cache directory may not be used");
    const location = cacheLocation(settings.dir, entryKeyOf(options, leafFromFile(init.certificateFile)));
    debug(`roles-anywhere: cache entry ${location.entryPath}`);
    let warning = false;
    const log = { debug, warn: () => void (warning = true) };
    hit = await readFreshEntry(location, settings.minRemainingMs, io.nowMs(), log);
    if (hit === undefined) return notServed(warning ? "the entry may not be used" : "no fresh entry");
  } catch {
    // The full CLI repeats the check that failed and reports it (redacted, with its exit code).
    return notServed("a flag or file check failed");
  }
  io.stdout.write(credentialProcessJson(hit));
  debug("roles-anywhere: credentials printed");
  return true;
}
