import { RolesAnywhereError } from "../errors";
import { shownPath } from "./shownPath";

/**
 * Reads a file with `node:fs/promises` (imported lazily so the core never loads it
 * unless a `*File` option is used). Errors name the option and the path, never
 * the contents.
 *
 * @internal
 */
export const readFileBytes = async (path: string): Promise<Uint8Array> => {
  let readFile: typeof import("node:fs/promises").readFile;
  try {
    ({ readFile } = await import("node:fs/promises"));
  } catch {
    // Workers and browsers: no file system to read from.
    throw new RolesAnywhereError(
      "ERR_FILE",
      `Could not read "${shownPath(path)}": this runtime has no file system (node:fs/promises). Pass the certificate and key as values (certificate, privateKey), or pass readFile.`,
    );
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === "ENOENT"
        ? "it does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (code ?? "unknown error");
    // Only the code travels on: a Node fs error repeats the path in its message and fields.
    throw new RolesAnywhereError(
      "ERR_FILE",
      `Could not read "${shownPath(path)}": ${why}. Check the path and that this process may read it.`,
      {
        cause: Object.assign(new Error(code ?? "read failed"), { code }),
      },
    );
  }
};
