import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { CommandContext } from "../context";
import { cacheDirectory } from "../credentialCache/cacheSettings";
import { isCacheFileName } from "../credentialCache/cacheKey";
import { CliError, EXIT_OK } from "../errors";
import { shownPath } from "../pathValue";
import { describeFsError } from "../../node/fsError";

/**
 * `cache clear`: removes the entries of `credential-process --cache` (and temporary or broken-lock
 * files left by interrupted processes) from the cache directory. Files with other names are left
 * alone, and so are the locks of running processes.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const dir = cacheDirectory(ctx.flags, ctx.io.env, ctx.cwd);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      ctx.io.stdout.write(`No credential cache at ${shownPath(dir)}: nothing to remove.\n`);
      return EXIT_OK;
    }
    throw new CliError(
      `cannot read the cache directory ${shownPath(dir)}: ${describeFsError(error)}. Check --cache-dir and its permissions.`,
      { cause: error },
    );
  }
  let entries = 0;
  for (const name of names) {
    const kind = isCacheFileName(name);
    if (kind === undefined) continue;
    try {
      await rm(join(dir, name), { force: true });
    } catch (error) {
      throw new CliError(
        `cannot remove ${shownPath(join(dir, name))}: ${describeFsError(error)}. Check the permissions of ${shownPath(dir)}.`,
        { cause: error },
      );
    }
    if (kind === "entry") entries++;
  }
  ctx.io.stdout.write(`Removed ${entries} cached ${entries === 1 ? "entry" : "entries"} from ${shownPath(dir)}.\n`);
  return EXIT_OK;
}
