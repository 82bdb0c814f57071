import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { invalidOption } from "./errors";

/**
 * Reads a state file: its parsed JSON, or `undefined` when there is no such file (a fresh start).
 * The file is never changed here.
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` when it cannot be read or is not JSON.
 * @internal
 */
export function readStateFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw invalidOption(`The emulator state file ${path} cannot be read (${(error as Error).message}).`, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidOption(
      `The emulator state file ${path} is corrupt: it is not JSON. It was left as it is; move it away to start afresh.`,
      error,
    );
  }
}

/**
 * Writes the state file atomically: a temporary file in the same folder (mode 0600, as it holds
 * private CA keys and session secrets), flushed, then renamed over the old one, so a reader or a
 * crash only ever sees the old or the new file whole.
 * @internal
 */
export function writeStateFile(path: string, snapshot: unknown): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(snapshot)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
