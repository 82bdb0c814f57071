import type { CommandContext, CommandModule } from "./context";
import { CliError, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, UsageError } from "./errors";
import { parseFlags, closest } from "./flags";
import { renderCommandHelp, renderMainHelp } from "./help";
import type { CliIo } from "./io";
import { createRedactor, redactingSink } from "./redact";
import { COMMANDS, findCommand, UNSUPPORTED_FLAGS } from "./specs";
import { envSecrets, flagSecrets } from "./secretValues";
import { VERSION } from "./version";
import { cliMessage } from "./cliWords";

/** The commands a dispatcher can run, each loaded when it runs. @internal */
export type CommandLoaders = Readonly<Record<string, () => Promise<CommandModule>>>;

/**
 * Runs the `roles-anywhere` CLI with `argv` (arguments after the program name) and returns the
 * exit code: 0 success, 1 runtime error, 2 usage error. Output goes only to `io.stdout` (results)
 * and `io.stderr` (one line per error, debug logs), never containing secrets. `commands` are the
 * commands it can run (main.ts: all of them; credentialProcessBin.ts: credential-process only).
 * @internal
 */
export async function runCommandLine(argv: readonly string[], io: CliIo, commands: CommandLoaders): Promise<number> {
  const redactor = createRedactor();
  for (const secret of envSecrets(io.env)) redactor.add(secret);
  const stderr = redactingSink(io.stderr, redactor);
  const [name, ...rest] = argv;
  let label = "roles-anywhere";
  let usesSession = false;
  try {
    if (name === undefined) {
      stderr.write(renderMainHelp());
      throw new UsageError('no command given. Run "roles-anywhere --help" and pick a command, e.g. credential-process.');
    }
    if (name === "--help" || name === "-h" || name === "help") {
      const topic = name === "help" && rest[0] ? findCommand(rest[0]) : undefined;
      if (name === "help" && rest[0] && !topic) throw unknownCommand(rest[0]);
      io.stdout.write(topic ? renderCommandHelp(topic) : renderMainHelp());
      return EXIT_OK;
    }
    if (name === "--version" || name === "-v" || name === "version") {
      if (name === "version" && rest.some((a) => a === "--help" || a === "-h")) {
        io.stdout.write(renderCommandHelp(findCommand("version")!));
        return EXIT_OK;
      }
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    if (name === "completion") {
      label = "roles-anywhere completion";
      if (rest.some((a) => a === "--help" || a === "-h")) {
        io.stdout.write(renderCommandHelp(findCommand("completion")!));
        return EXIT_OK;
      }
      const { completionScript } = await import("./completion");
      io.stdout.write(completionScript(rest));
      return EXIT_OK;
    }
    const spec = findCommand(name);
    if (!spec || !commands[name]) throw unknownCommand(name);
    label = `roles-anywhere ${name}`;
    usesSession = spec.flags.some((f) => f.name === "trust-anchor-arn");
    // Commands that read a certificate recognise aws_signing_helper's certificate-store flags, to refuse them clearly.
    const specs = spec.flags.some((f) => f.name === "certificate") ? [...spec.flags, ...UNSUPPORTED_FLAGS] : spec.flags;
    // A command with actions (`cache clear`) takes the action as its first argument.
    const action = spec.actions && rest[0] !== undefined && !rest[0].startsWith("-") ? rest[0] : undefined;
    const flagArgs = action === undefined ? rest : rest.slice(1);
    // Secret values are known to the redactor before parsing, whatever error the parse reports.
    for (const secret of flagSecrets(flagArgs, specs)) redactor.add(secret);
    const flags = parseFlags(flagArgs, specs, name);
    for (const secret of flagSecrets(flagArgs, specs, flags, io.env)) redactor.add(secret);
    if (flags.help === true) {
      io.stdout.write(renderCommandHelp(spec));
      return EXIT_OK;
    }
    const unsupported = UNSUPPORTED_FLAGS.find((f) => flags[f.name] !== undefined);
    if (unsupported) {
      throw new UsageError(
        `--${unsupported.name} selects a certificate in the Windows or macOS certificate store, which roles-anywhere does not read ` +
          "(Linux has no such store; aws_signing_helper refuses it there too): pass --certificate and --private-key files, " +
          "or pkcs11: URIs with --pkcs11-lib for a key in a smart card, HSM or TPM token (a TPM key file or handle:0x... works as --private-key too).",
      );
    }
    if (spec.actions && (action === undefined || !spec.actions.includes(action))) {
      throw new UsageError(
        `${action === undefined ? `"roles-anywhere ${name}" needs an action` : `unknown action "${action.length > 40 ? `${action.slice(0, 37)}...` : action}"`}: ` +
          `use one of ${spec.actions.join(", ")} (e.g. roles-anywhere ${name} ${spec.actions[0]}). Run "roles-anywhere ${name} --help".`,
      );
    }
    const module = await commands[name]!();
    const ctx: CommandContext = {
      command: name,
      ...(action === undefined ? {} : { action }),
      flags,
      io,
      cwd: io.cwd ?? process.cwd(),
      stderr,
      redactor,
      ...(io.terminal ? { terminal: io.terminal } : {}),
    };
    return await module.run(ctx);
  } catch (error) {
    // The core validates ARNs, region and option values; with session flags those are flag values.
    const code = (error as { code?: unknown } | undefined)?.code;
    const badFlagValue = usesSession && typeof code === "string" && FLAG_VALUE_CODES.has(code);
    // Their messages name the options by their flags (describe() re-words them with cliMessage).
    const exit = report(error, label, stderr);
    return badFlagValue ? EXIT_USAGE : exit;
  }
}

const FLAG_VALUE_CODES = new Set(["ERR_INVALID_ARN", "ERR_REGION_MISMATCH", "ERR_INVALID_OPTION"]);

function unknownCommand(name: string): UsageError {
  const guess = closest(
    name,
    COMMANDS.map((c) => c.name),
  );
  return new UsageError(
    `unknown command "${name.length > 40 ? `${name.slice(0, 37)}...` : name}".${guess ? ` Did you mean "${guess}"?` : ""} ` +
      `Commands: ${COMMANDS.map((c) => c.name).join(", ")}. Run "roles-anywhere --help".`,
  );
}

/** Writes one line for `error` to stderr and returns the exit code. @internal */
export function report(error: unknown, label: string, stderr: { write(s: string): unknown }): number {
  const usage = error instanceof UsageError;
  stderr.write(`${label}: ${oneLine(describe(error))}\n`);
  return usage ? EXIT_USAGE : EXIT_RUNTIME;
}

function describe(error: unknown): string {
  if (error instanceof UsageError || error instanceof CliError) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const known = typeof code === "string" && code.startsWith("ERR_");
    return known ? `${cliMessage(error)} [${code}]` : error.message || error.name;
  }
  return String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
