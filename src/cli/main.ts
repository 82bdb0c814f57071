import * as credentialProcess from "./commands/credentialProcess";
import { type CommandLoaders, runCommandLine } from "./commandLine";
import type { CliIo } from "./io";

/** Every command; credential-process loads with the dispatcher, the others when they run. */
const ALL_COMMANDS: CommandLoaders = {
  "credential-process": async () => credentialProcess,
  export: () => import("./commands/exportCommand"),
  serve: () => import("./commands/serve"),
  update: () => import("./commands/update"),
  "read-certificate-data": () => import("./commands/readCertificateData"),
  "sign-string": () => import("./commands/signString"),
  emulate: () => import("./commands/emulate"),
  cache: () => import("./commands/cacheCommand"),
};

/**
 * Runs the `roles-anywhere` CLI with `argv` (arguments after the program name) and returns the
 * exit code: 0 success, 1 runtime error, 2 usage error (commandLine.ts).
 * @internal
 */
export function main(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommandLine(argv, io, ALL_COMMANDS);
}
