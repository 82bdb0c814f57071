import type { FlagSpec } from "./flags";
import { COMMANDS, type CommandSpec } from "./specs";

/** Top-level help. @internal */
export function renderMainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    "roles-anywhere: AWS IAM Roles Anywhere credentials from an X.509 certificate (a drop-in for aws_signing_helper).",
    "",
    "Usage: roles-anywhere <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    'Run "roles-anywhere <command> --help" for the flags of a command. "roles-anywhere --version" prints the version.',
    "Exit codes: 0 success, 1 runtime error, 2 usage error.",
    "",
  ];
  return lines.join("\n");
}

/** Help of one command. @internal */
export function renderCommandHelp(command: CommandSpec): string {
  const flags: FlagSpec[] = [...command.flags, { name: "help", type: "boolean", description: "Show this help." }];
  const left = flags.map((f) => `--${f.name}${f.value ? ` ${f.value}` : ""}`);
  const width = Math.max(...left.map((l) => l.length));
  const lines = [
    command.summary,
    "",
    `Usage: ${command.usage}`,
    "",
    "Flags:",
    ...flags.map((f, i) => `  ${(left[i] as string).padEnd(width)}  ${f.description}`),
  ];
  if (command.details) lines.push("", command.details);
  lines.push("");
  return lines.join("\n");
}
