import type { Readable, Writable } from "node:stream";
import { builtinModule } from "../runtime/builtinModule";

/**
 * A terminal to ask on: readable keystrokes, a writable echo channel, and raw mode.
 * @internal
 */
export interface PromptTerminal {
  readonly input: Readable & { setRawMode?(mode: boolean): unknown };
  readonly output: Writable;
  close(): void;
}

/**
 * Opens the controlling terminal (`/dev/tty`), as aws_signing_helper does for a key password;
 * `undefined` when the process has none (credential_process under an SDK, CI, services).
 * @internal
 */
export async function openControllingTerminal(): Promise<PromptTerminal | undefined> {
  const { openSync, closeSync } = builtinModule<typeof import("node:fs")>("node:fs") ?? (await import("node:fs"));
  const tty = builtinModule<typeof import("node:tty")>("node:tty") ?? (await import("node:tty"));
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r+");
  } catch {
    return undefined;
  }
  if (!tty.isatty(fd)) {
    closeSync(fd);
    return undefined;
  }
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  return {
    input,
    output,
    close: () => {
      input.destroy();
      output.destroy();
    },
  };
}

const ENTER = new Set(["\r", "\n"]);
const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const BACKSPACE = new Set(["\u007f", "\b"]);

/**
 * Asks for a secret without echoing it. Resolves `undefined` when the user cancels
 * (Ctrl-C, Ctrl-D on an empty line) or the terminal closes.
 * @internal
 */
export function promptHidden(terminal: PromptTerminal, question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answer = "";
    const finish = (value: string | undefined) => {
      terminal.input.off("data", onData);
      terminal.input.off("end", onEnd);
      terminal.input.setRawMode?.(false);
      terminal.input.pause();
      terminal.output.write("\n");
      resolve(value);
    };
    const onEnd = () => finish(undefined);
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString("utf8")) {
        if (ENTER.has(character)) return finish(answer);
        if (character === CTRL_C || (character === CTRL_D && answer === "")) return finish(undefined);
        if (BACKSPACE.has(character)) answer = answer.slice(0, -1);
        else if (character >= " ") answer += character;
      }
    };
    terminal.output.write(question);
    terminal.input.setRawMode?.(true);
    terminal.input.on("data", onData);
    terminal.input.on("end", onEnd);
    terminal.input.resume();
  });
}
