import { dirname, isAbsolute, resolve } from "node:path";
import { shownPath } from "../pathValue";
import { isPkcs11Uri } from "../../key/pkcs11/pkcs11Uri";
import { labConfigToFlags } from "../labConfig";
import { readConfigFile } from "../configFile";
import type { CommandContext } from "../context";
import { CliError, EXIT_OK, UsageError } from "../errors";
import type { ParsedFlags } from "../flags";
import { isoSeconds } from "../../encoding/isoSeconds";
import { openSession } from "../session";

/**
 * `export`: prints `export AWS_ACCESS_KEY_ID="…"` (and the secret key and session token) plus a
 * `# expires …` comment, for `eval "$(roles-anywhere export …)"`. Session flags come from the
 * command line or a lab `--config config.json`; the command line wins.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const flags = await withLabConfig(ctx);
  const session = await openSession({ ...ctx, flags });
  const c = await session.fetchOnce();
  ctx.io.stdout.write(
    [
      `export AWS_ACCESS_KEY_ID="${shellEscape(c.accessKeyId)}"`,
      `export AWS_SECRET_ACCESS_KEY="${shellEscape(c.secretAccessKey)}"`,
      `export AWS_SESSION_TOKEN="${shellEscape(c.sessionToken)}"`,
      `# expires ${isoSeconds(c.expiration)}`,
      "",
    ].join("\n"),
  );
  return EXIT_OK;
}

async function withLabConfig(ctx: CommandContext): Promise<ParsedFlags> {
  const configFlag = ctx.flags.config;
  if (configFlag === undefined) return ctx.flags;
  if (typeof configFlag !== "string" || configFlag.trim() === "") throw new UsageError("--config is empty: pass --config <config.json>.");
  const { path, text } = await readConfigFile(ctx, configFlag);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`the --config file ${shownPath(path)} is not valid JSON (${(error as Error).message}). Fix the file.`);
  }
  const { flags, problems } = labConfigToFlags(parsed);
  if (!flags) {
    throw new CliError(
      `the --config file ${shownPath(path)} is not a usable lab config: ${problems.join("; ")}. Edit the file (or pass the values as flags).`,
    );
  }
  // Certificate paths in the config are relative to the config file's directory; pkcs11: URIs are kept.
  const base = dirname(path);
  const place = (value: string): string => (isPkcs11Uri(value) || isAbsolute(value) ? value : resolve(base, value));
  const fromConfig: ParsedFlags = { ...flags, certificate: place(flags.certificate), "private-key": place(flags["private-key"]) };
  const explicit = Object.fromEntries(Object.entries(ctx.flags).filter(([, v]) => v !== undefined));
  return { ...fromConfig, ...explicit };
}

/** Escapes a value for a double-quoted POSIX shell string. @internal */
export function shellEscape(value: string): string {
  return value.replace(/([\\"$`])/g, "\\$1");
}
