/**
 * Exit codes and the usage error of the `roles-anywhere` CLI.
 * @internal
 */

/** Exit code for success. @internal */
export const EXIT_OK = 0;
/** Exit code for runtime failures (service error, unreadable file, ...). @internal */
export const EXIT_RUNTIME = 1;
/** Exit code for usage errors (unknown flag, missing flag, bad value). @internal */
export const EXIT_USAGE = 2;

/**
 * A mistake in how the CLI was invoked. Always exits with {@link EXIT_USAGE}.
 * The message names the problem and the fix; it never contains a secret.
 * @internal
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(message: string) {
    super(message);
  }
}

/**
 * A runtime failure detected by the CLI itself (unreadable file, bad config file content).
 * Exits with {@link EXIT_RUNTIME}. The message never contains a secret.
 * @internal
 */
export class CliError extends Error {
  override readonly name = "CliError";
  /** A library error code when the failure is of that kind (e.g. `ERR_FILE`), so callers can classify it. */
  readonly code?: string;
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.code !== undefined) this.code = options.code;
  }
}
