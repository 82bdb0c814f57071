import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { CommandContext } from "./context";
import { CliError } from "./errors";
import { checkPathValue, shownPath } from "./pathValue";
import { describeFsError } from "../node/fsError";

/**
 * Reads the file named by `--config` (relative to the working directory). Content pasted
 * where the path belongs is refused unechoed; an unreadable file is a runtime error naming
 * the (shortened) path.
 * @internal
 */
export async function readConfigFile(ctx: CommandContext, value: string): Promise<{ path: string; text: string }> {
  checkPathValue(value, "--config");
  const path = isAbsolute(value) ? value : resolve(ctx.cwd, value);
  try {
    return { path, text: await readFile(path, "utf8") };
  } catch (error) {
    throw new CliError(`cannot read the --config file ${shownPath(path)}: ${describeFsError(error)}. Check the path and its permissions.`);
  }
}
