/**
 * Whether a command line may be served from the credential cache: `credential-process` with
 * `--cache` (or `--cache=…`), or with env `ROLES_ANYWHERE_CACHE` set. A quick look, to decide
 * whether loading the cache fast path is worth it; the fast path then parses and checks
 * everything properly. No imports, so the bin inlines it and loads no shared chunk for it (the
 * variable's name is written here again; a test pins it to cacheSettings' CACHE_ENV). Pure.
 * @internal
 */
export const cacheRequested = (argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean =>
  argv[0] === "credential-process" &&
  (argv.some((arg) => arg === "--cache" || arg.startsWith("--cache=")) || (env.ROLES_ANYWHERE_CACHE ?? "").trim() !== "");
