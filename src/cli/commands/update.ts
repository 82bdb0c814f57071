import { join } from "node:path";
import { updateFileAtomically } from "../update/atomicFile";
import { isValidProfileName, setProfileCredentials } from "../update/credentialsFile";
import { RolesAnywhereError } from "../../errors";
import { abortableSleep, runUpdateLoop } from "../update/updateLoop";
import type { CommandContext } from "../context";
import { CliError, EXIT_OK, UsageError } from "../errors";
import { openSession } from "../session";
import { describeFsError } from "../../node/fsError";
import { expandUserPath, homeDirectory } from "../userPath";

/**
 * `update`: writes the profile's `aws_access_key_id`, `aws_secret_access_key` and
 * `aws_session_token` into the shared credentials file (atomically, mode 0600, other lines kept),
 * then refreshes 5 minutes before every expiry; transient failures are retried with backoff, any
 * other failure ends the command (exit 2 for a bad ARN, region or option, else 1). `--once`
 * writes once and exits (a failure then exits 1, or 2 for a bad flag value).
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const profileFlag = flags.profile;
  const profile = typeof profileFlag === "string" ? profileFlag.trim() : "default";
  if (!isValidProfileName(profile)) {
    throw new UsageError(
      "--profile must be a non-empty profile name without brackets, line breaks or other control characters (e.g. --profile default).",
    );
  }
  const file = credentialsFilePath(io.env, ctx.cwd);
  const session = await openSession(ctx);
  const once = flags.once === true;
  await runUpdateLoop({
    once,
    fetchCredentials: () => session.fetchOnce(),
    write: async (credentials) => {
      try {
        await updateFileAtomically(file, (text) => setProfileCredentials(text, profile, credentials));
      } catch (error) {
        // A value the writer refuses (a line break in a credential) is permanent, not a file problem.
        if (error instanceof RolesAnywhereError) throw error;
        const code = (error as { code?: string }).code;
        throw new CliError(
          code === "ELOCKED"
            ? (error as Error).message
            : `cannot write the credentials file ${file}: ${describeFsError(error)}. Check the path (AWS_SHARED_CREDENTIALS_FILE) and its permissions.`,
          // A held lock or a fixable path is retried by the refresh loop, like an unreadable input file.
          { cause: error, code: "ERR_FILE" },
        );
      }
    },
    sleep: abortableSleep,
    now: () => new Date(),
    report: (line) => {
      if (!once || flags.debug === true) ctx.stderr.write(`roles-anywhere update: [${profile}] ${line}\n`);
    },
    ...(io.signal ? { signal: io.signal } : {}),
  });
  return EXIT_OK;
}

/** `AWS_SHARED_CREDENTIALS_FILE` (with `~` expanded) or `~/.aws/credentials`. @internal */
export function credentialsFilePath(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const configured = env.AWS_SHARED_CREDENTIALS_FILE?.trim();
  return configured ? expandUserPath(configured, env, cwd) : join(homeDirectory(env), ".aws", "credentials");
}
