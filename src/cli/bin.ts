/**
 * The full CLI behind the `roles-anywhere` bin (`dist/cli/bin.cjs`, one file, loaded by
 * `src/cli.ts` for every command but credential-process): the dispatcher with every command.
 * Commands other than credential-process, and the session code, are evaluated only when they run.
 * @internal
 */
import { runAsProgram } from "./binRunner";
import { main } from "./main";

runAsProgram(main);
