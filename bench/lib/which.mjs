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

/**
 * The official helper: the executable named by env `GO_HELPER` (a path), else
 * `aws_signing_helper` on the PATH. `{ path }` when found, `{ problem }` when `GO_HELPER` names
 * something that cannot be run, `{}` when there is none.
 */
export const findSigningHelper = async (env = process.env) => {
  const configured = env.GO_HELPER?.trim();
  if (configured) {
    try {
      await access(configured, constants.X_OK);
      return { path: configured };
    } catch {
      return { problem: `GO_HELPER=${configured} is not an executable file` };
    }
  }
  const path = await findOnPath("aws_signing_helper", env.PATH);
  return path ? { path } : {};
};
