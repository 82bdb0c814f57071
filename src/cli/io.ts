import type { PromptTerminal } from "./passphrasePrompt";
import type { TextSink } from "./redact";

/** Where results go: text, or bytes for binary output (`sign-string --format bin`). @internal */
export interface OutputSink {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * Everything a CLI run touches from the outside, injected so tests run it in-process.
 * @internal
 */
export interface CliIo {
  readonly stdout: OutputSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborting stops long-running commands (serve, update, emulate); they then exit 0. */
  readonly signal?: AbortSignal;
  /** Working directory for relative paths (default process.cwd()). */
  readonly cwd?: string;
  /** Called once a server command is listening (tests use it to learn the URL). */
  readonly onListening?: (info: { url: string }) => void;
  /** Opens the terminal to ask for a key password on; default /dev/tty (tests inject one). */
  readonly terminal?: () => Promise<PromptTerminal | undefined>;
}
