import type { CommandContext } from "../context";
import { CliError } from "../errors";

/**
 * `emulate --config emulator.json`: runs the offline emulator. Wired to `src/emulator.ts` once the
 * emulator's config loader exists.
 * @internal
 */
export async function run(_ctx: CommandContext): Promise<number> {
  throw new CliError("the emulator is not available in this build yet.");
}
