import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { loadEmulatorConfig, startEmulator } from "../../emulator";
import { readConfigFile } from "../configFile";
import type { CommandContext } from "../context";
import { EXIT_OK, UsageError } from "../errors";
import { parseThrottle } from "../../emulator/throttle/throttleOption";

const stringFlag = (value: unknown, name: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw new UsageError(`--${name} needs a value.`);
  return value;
};

/**
 * The admin credentials from `--admin-access-key-id` / `--admin-secret-access-key`, else from
 * `ROLES_ANYWHERE_EMULATOR_ADMIN_ACCESS_KEY_ID` / `…_SECRET_ACCESS_KEY`; both or neither.
 */
function adminCredentialsOf(ctx: CommandContext): { accessKeyId: string; secretAccessKey: string } | undefined {
  const env = ctx.io.env;
  const accessKeyId =
    stringFlag(ctx.flags["admin-access-key-id"], "admin-access-key-id") ?? env["ROLES_ANYWHERE_EMULATOR_ADMIN_ACCESS_KEY_ID"];
  const secretAccessKey =
    stringFlag(ctx.flags["admin-secret-access-key"], "admin-secret-access-key") ?? env["ROLES_ANYWHERE_EMULATOR_ADMIN_SECRET_ACCESS_KEY"];
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new UsageError(
      "give both --admin-access-key-id and --admin-secret-access-key (or both ROLES_ANYWHERE_EMULATOR_ADMIN_* variables), or neither for random ones.",
    );
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * `emulate [--config emulator.json] [--state state.json]`: starts the offline Roles Anywhere +
 * STS emulator with its control plane (IAM, Roles Anywhere and ACM PCA APIs), prints its URLs,
 * ARNs and admin credentials as JSON on stdout, and runs until interrupted. `--config` seeds a
 * fresh emulator; `--state` keeps everything across restarts; `--port` overrides the config's
 * port; `--throttle RATE[:BURST]` limits CreateSession as AWS's quota does; `--debug` logs every request's outcome (and the detailed reason) to stderr.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const configFlag = stringFlag(flags.config, "config");
  const stateFlag = stringFlag(flags.state, "state");
  const adminCredentials = adminCredentialsOf(ctx);
  let port: number | undefined;
  if (flags.port !== undefined) {
    if (typeof flags.port !== "string" || !/^\d+$/.test(flags.port) || Number(flags.port) > 65535) {
      throw new UsageError("--port must be a whole number from 0 to 65535.");
    }
    port = Number(flags.port);
  }
  const throttleFlag = stringFlag(flags.throttle, "throttle");
  const throttle = throttleFlag === undefined ? undefined : parseThrottle(throttleFlag);
  if (throttleFlag !== undefined && throttle === undefined) {
    throw new UsageError(
      "--throttle must be RATE or RATE:BURST, CreateSession requests per second and at once (e.g. --throttle 10 or --throttle 10:20; AWS's default quota is 10 per second).",
    );
  }
  let options = {};
  if (configFlag !== undefined) {
    const { path, text } = await readConfigFile(ctx, configFlag);
    const base = dirname(path);
    options = loadEmulatorConfig(text, { readFile: (p) => readFileSync(isAbsolute(p) ? p : resolve(base, p), "utf8") });
  }
  const debug = flags.debug === true;
  const emulator = await startEmulator({
    ...options,
    ...(port !== undefined ? { port } : {}),
    ...(stateFlag !== undefined ? { stateFile: resolve(ctx.cwd, stateFlag) } : {}),
    ...(adminCredentials ? { adminCredentials } : {}),
    ...(throttle ? { throttle } : {}),
    ...(debug
      ? {
          onEvent: (e) =>
            ctx.stderr.write(
              `[emulator] ${e.operation} ${e.status}${e.errorType ? ` ${e.errorType}` : ""}${e.message ? `: ${e.message}` : ""}${e.reason ? ` (${e.reason})` : ""}\n`,
            ),
        }
      : {}),
  });
  try {
    // The admin credentials are the emulator's own (never AWS's): printing them is how a user learns them.
    const shown = {
      url: emulator.url,
      stsUrl: emulator.stsUrl,
      arns: emulator.arns,
      adminCredentials: emulator.adminCredentials,
      ...(emulator.stateFile ? { stateFile: emulator.stateFile } : {}),
    };
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    io.onListening?.({ url: emulator.url });
    await new Promise<void>((done) => {
      if (!io.signal) return;
      if (io.signal.aborted) return done();
      io.signal.addEventListener("abort", () => done(), { once: true });
    });
  } finally {
    await emulator.close();
  }
  return EXIT_OK;
}
