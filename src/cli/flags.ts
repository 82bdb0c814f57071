import { UsageError } from "./errors";

/**
 * One flag a command accepts. Names are given without the leading `--`.
 * @internal
 */
export interface FlagSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  /** Placeholder shown in help, e.g. `<file>`. */
  readonly value?: string;
  readonly description: string;
  /** Never echo this flag's value (passwords). */
  readonly secret?: boolean;
}

/** Parsed flags: strings for string flags, `true`/`false` for booleans. @internal */
export type ParsedFlags = Record<string, string | boolean | undefined>;

/**
 * Parses `argv` (without the command name) against `specs`, the way cobra/pflag does:
 * `--name value`, `--name=value`, `--flag`, `--flag=true|false`, `--` ends flags, `-h` is `--help`.
 * Positional arguments are refused. Throws {@link UsageError} with a fix for every mistake.
 * @internal
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      if (i + 1 < argv.length) throw positional(i + 2, command);
      break;
    }
    if (arg === "-h") {
      out.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      if (arg.startsWith("-") && arg.length > 1) {
        throw new UsageError(
          `unknown flag ${safeFlag(arg)}: flags start with two dashes. Run "roles-anywhere ${command} --help" for the list of flags.`,
        );
      }
      throw positional(i + 1, command);
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const spec = name === "help" ? HELP : byName.get(name);
    if (!spec) throw unknownFlag(name, specs, command);
    if (spec.type === "boolean") {
      if (inline === undefined) out[name] = true;
      else if (/^(true|1)$/i.test(inline)) out[name] = true;
      else if (/^(false|0)$/i.test(inline)) out[name] = false;
      else throw new UsageError(`--${name} is a switch and takes no value (use --${name} or --${name}=false).`);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      // A secret's value is taken as is, even "--…" (as pflag does): passwords may start with dashes,
      // and echoing the next argument would print the password. Other flags treat only a
      // flag-shaped next argument as a missing value, so PEM text ("-----BEGIN …") is a value.
      if (next === undefined || (!spec.secret && looksLikeFlag(next))) {
        throw new UsageError(
          `--${name} needs a value${spec.value ? ` ${spec.value}` : ""}, but none was given` +
            (next === undefined ? "" : ` (the next argument is ${safeFlag(next)}; is the variable you meant to pass empty?)`) +
            `. Pass it as --${name} <value> or --${name}=<value>.`,
        );
      }
      value = next;
      i++;
    }
    out[name] = value;
  }
  return out;
}

/** A long flag as the CLI spells them: `--name` or `--name=value`, lowercase name. */
const FLAG_SHAPE = /^--[a-z][a-z0-9-]*(=.*)?$/s;

/** Whether `arg` is shaped like a flag (rather than a value that happens to start with dashes). @internal */
export function looksLikeFlag(arg: string): boolean {
  return FLAG_SHAPE.test(arg);
}

/**
 * The values `argv` gives to flags marked `secret` (`--name value` or `--name=value`), found
 * without parsing the rest, so they can be redacted before any parse error is reported.
 * @internal
 */
export function secretFlagValues(argv: readonly string[], specs: readonly FlagSpec[]): string[] {
  const secret = new Set(specs.filter((s) => s.secret).map((s) => s.name));
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") break;
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (!secret.has(arg.slice(2, eq === -1 ? undefined : eq))) continue;
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value !== undefined) values.push(value);
  }
  return values;
}

const HELP: FlagSpec = { name: "help", type: "boolean", description: "Show help for this command." };

function positional(position: number, command: string): UsageError {
  // The value itself is not echoed: it may be a misplaced password.
  return new UsageError(
    `unexpected argument #${position} (not a flag): "roles-anywhere ${command}" takes only --flags; check for a missing "--" or a stray value. Run "roles-anywhere ${command} --help".`,
  );
}

function unknownFlag(name: string, specs: readonly FlagSpec[], command: string): UsageError {
  const best = closest(
    name,
    specs.map((s) => s.name),
  );
  const hint = best ? ` Did you mean --${best}?` : "";
  return new UsageError(
    `unknown flag --${truncate(name)} for "roles-anywhere ${command}".${hint} Run "roles-anywhere ${command} --help" for the list of flags.`,
  );
}

function safeFlag(arg: string): string {
  const eq = arg.indexOf("=");
  return truncate(eq === -1 ? arg : arg.slice(0, eq));
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Closest candidate by edit distance, if it is close enough to be a plausible typo. @internal */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
