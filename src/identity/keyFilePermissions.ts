import { builtinModule } from "../runtime/builtinModule";

/**
 * Returns the permission bits of `path` when group or others may read it
 * (POSIX only; `undefined` otherwise or when it cannot be checked). Loads `node:fs`
 * lazily (its callback API: `node:fs/promises` would load more modules for one `stat`).
 *
 * @internal
 */
export const looseKeyFileMode = async (path: string): Promise<number | undefined> => {
  const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
  if (platform === undefined || platform === "win32") return undefined;
  try {
    const { stat } = builtinModule<typeof import("node:fs")>("node:fs") ?? (await import("node:fs"));
    const mode =
      (await new Promise<{ mode: number }>((resolve, reject) => stat(path, (error, info) => (error ? reject(error) : resolve(info)))))
        .mode & 0o777;
    return (mode & 0o044) !== 0 ? mode : undefined;
  } catch {
    return undefined;
  }
};
