/**
 * `roles-anywhere credential-process` as a program of its own (`dist/cli/credentialProcess.cjs`,
 * one file, loaded by `src/cli.ts` when the command is credential-process and the cache fast path
 * did not answer): the same dispatcher as the full CLI (help, flags, errors, exit codes), built
 * with this one command, so a cold start loads none of the other commands' code.
 * @internal
 */
import { runAsProgram } from "./binRunner";
import { runCommandLine } from "./commandLine";
import * as credentialProcess from "./commands/credentialProcess";

runAsProgram((argv, io) => runCommandLine(argv, io, { "credential-process": async () => credentialProcess }));
