// Finds an executable on the PATH without spawning a shell.
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** Absolute path of `name` on `PATH`, or undefined. */
export const findOnPath = async (name, path = process.env.PATH ?? "") => {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
};
