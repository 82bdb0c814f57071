import { RolesAnywhereError } from "../errors";
import type { CommandContext } from "./context";
import { openControllingTerminal, promptHidden } from "./passphrasePrompt";

/**
 * Runs `attempt`; when it fails with `ERR_BAD_PASSPHRASE` and no password was given (an encrypted
 * key file, or a TPM key file with a password), asks for the key's password on the terminal, as
 * aws_signing_helper does, and runs `attempt` once more with it. Without a terminal (e.g. under
 * credential_process) the error stands. A password that was given is never asked for again: a
 * TPM counts wrong tries towards its lockout. The typed password is registered for redaction.
 * @internal
 */
export async function retryWithTypedPassword<T>(
  ctx: CommandContext,
  given: () => boolean,
  attempt: (typed?: string) => Promise<T>,
): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof RolesAnywhereError) || error.code !== "ERR_BAD_PASSPHRASE" || given()) throw error;
    const terminal = await (ctx.terminal ?? ctx.io.terminal ?? openControllingTerminal)();
    if (!terminal) throw error;
    let typed: string | undefined;
    try {
      typed = await promptHidden(terminal, "Enter the password of the private key: ");
    } finally {
      terminal.close();
    }
    if (typed === undefined) throw error;
    ctx.redactor.add(typed);
    return attempt(typed);
  }
}
