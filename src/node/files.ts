import { RolesAnywhereError } from "../errors";
import { builtinModule } from "../runtime/builtinModule";
import { describeFsError } from "./fsError";
import { shownPath } from "./shownPath";

/**
 * Reads a file with `node:fs` (imported lazily so the core never loads it unless a `*File`
 * option is used; its callback API, because `node:fs/promises` loads several more modules at a
 * CLI's start). Errors name the option and the path, never the contents.
 *
 * @internal
 */
export const readFileBytes = async (path: string): Promise<Uint8Array> => {
  const { readFile } = builtinModule<typeof import("node:fs")>("node:fs") ?? (await import("node:fs"));
  try {
    return new Uint8Array(
      await new Promise<Uint8Array>((resolve, reject) => readFile(path, (error, data) => (error ? reject(error) : resolve(data)))),
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Only the code travels on: a Node fs error repeats the path in its message and fields.
    throw new RolesAnywhereError(
      "ERR_FILE",
      `Could not read "${shownPath(path)}": ${describeFsError(error)}. Check the path and that this process may read it.`,
      {
        cause: Object.assign(new Error(code ?? "read failed"), { code }),
      },
    );
  }
};
