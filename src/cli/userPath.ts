import { isAbsolute, join, resolve } from "node:path";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The user's home: env HOME (or USERPROFILE), else the OS's idea of it (`node:os` is loaded only
 * then: most CLI runs never need it). Tests inject HOME. @internal
 */
export function homeDirectory(env: Env): string {
  return env.HOME || env.USERPROFILE || (require("node:os") as typeof import("node:os")).homedir();
}

/** `path` with a leading `~` or `~/` expanded to the home directory and made absolute against `cwd`. @internal */
export function expandUserPath(path: string, env: Env, cwd: string): string {
  const expanded = path === "~" || path.startsWith("~/") ? join(homeDirectory(env), path.slice(1)) : path;
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}
