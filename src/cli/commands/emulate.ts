import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { loadEmulatorConfig, startEmulator } from "../../emulator";
import { readConfigFile } from "../configFile";
import type { CommandContext } from "../context";
import { EXIT_OK, UsageError } from "../errors";

/**
 * `emulate --config emulator.json`: starts the offline Roles Anywhere + STS emulator, prints its
 * URLs and ARNs as JSON on stdout, and runs until interrupted. `--port` overrides the config's
 * port; `--debug` logs every request's outcome (and the detailed reason) to stderr.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { flags, io } = ctx;
  const configFlag = flags.config;
  if (typeof configFlag !== "string" || configFlag.trim() === "") {
    throw new UsageError("--config is required: pass --config <emulator.json> (trust anchors, profiles, roles; see examples/emulator).");
  }
  let port: number | undefined;
  if (flags.port !== undefined) {
    if (typeof flags.port !== "string" || !/^\d+$/.test(flags.port) || Number(flags.port) > 65535) {
      throw new UsageError("--port must be a whole number from 0 to 65535.");
    }
    port = Number(flags.port);
  }
  const { path, text } = await readConfigFile(ctx, configFlag);
  const base = dirname(path);
  const options = loadEmulatorConfig(text, { readFile: (p) => readFileSync(isAbsolute(p) ? p : resolve(base, p), "utf8") });
  const debug = flags.debug === true;
  const emulator = await startEmulator({
    ...options,
    ...(port !== undefined ? { port } : {}),
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
    io.stdout.write(`${JSON.stringify({ url: emulator.url, stsUrl: emulator.stsUrl, arns: emulator.arns }, null, 2)}\n`);
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
