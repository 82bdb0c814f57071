import type { CommandContext } from "../context";
import { cacheSettings } from "../credentialCache/cacheSettings";
import { cachedCredentials } from "../credentialCache/cachedCredentials";
import { EXIT_OK } from "../errors";
import { createCliLogger, startedMessage } from "../logger";
import { credentialProcessJson } from "./credentialProcessJson";
import type { CliSession } from "../session";
import { buildSessionInit } from "../sessionInit";

/**
 * `credential-process`: one CreateSession, printed as the AWS `credential_process` JSON. With
 * `--cache`, credentials are shared across processes (see cachedCredentials). The session code
 * (key loading, signing, HTTP) is loaded only when a request is made, so a cache hit stays fast.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const logger = createCliLogger(ctx.stderr, ctx.flags.debug === true);
  // Only with --debug: the message reads `performance`, which loads perf_hooks.
  if (ctx.flags.debug === true) logger.debug(startedMessage("credential-process"));
  const settings = cacheSettings(ctx.flags, ctx.io.env, ctx.cwd);
  const init = await buildSessionInit(ctx.flags, ctx.io.env, ctx.cwd);
  logger.debug("roles-anywhere: flags and input files checked");
  let opened: Promise<CliSession> | undefined;
  const session = () => (opened ??= import("../session").then(({ openSession }) => openSession(ctx, undefined, init)));
  const c = settings ? await cachedCredentials(ctx, settings, init, session) : await (await session()).fetchOnce();
  ctx.io.stdout.write(credentialProcessJson(c));
  logger.debug("roles-anywhere: credentials printed");
  return EXIT_OK;
}
