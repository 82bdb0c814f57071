import type { PromptTerminal } from "./passphrasePrompt";
import type { ParsedFlags } from "./flags";
import type { CliIo } from "./io";
import type { Redactor, TextSink } from "./redact";

/**
 * What a command's `run` receives.
 * @internal
 */
export interface CommandContext {
  readonly command: string;
  /** The action of a command that takes one (`clear` in `cache clear`). */
  readonly action?: string;
  readonly flags: ParsedFlags;
  readonly io: CliIo;
  readonly cwd: string;
  /** Redacting stderr: use this, never `io.stderr`. */
  readonly stderr: TextSink;
  readonly redactor: Redactor;
  /** Opens the terminal to ask for a key password on (tests inject one). */
  readonly terminal?: () => Promise<PromptTerminal | undefined>;
}

/** A command module. @internal */
export interface CommandModule {
  run(ctx: CommandContext): Promise<number>;
}
