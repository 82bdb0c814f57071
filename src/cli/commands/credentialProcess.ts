import type { CommandContext } from "../context";
import { cacheSettings } from "../credentialCache/cacheSettings";
import { cachedCredentials } from "../credentialCache/cachedCredentials";
import { EXIT_OK } from "../errors";
import { isoSeconds } from "../../encoding/isoSeconds";
import { createCliLogger } from "../logger";
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
  if (ctx.flags.debug === true) {
    const { nodeTiming } = globalThis.performance as unknown as { nodeTiming?: { bootstrapComplete: number } };
    logger.debug(
      `roles-anywhere: credential-process started${nodeTiming ? ` (Node bootstrap done at +${nodeTiming.bootstrapComplete.toFixed(1)}ms)` : ""}`,
    );
  }
  const settings = cacheSettings(ctx.flags, ctx.io.env, ctx.cwd);
  const init = await buildSessionInit(ctx.flags, ctx.io.env, ctx.cwd);
  logger.debug("roles-anywhere: flags and input files checked");
  let opened: Promise<CliSession> | undefined;
  const session = () => (opened ??= import("../session").then(({ openSession }) => openSession(ctx, undefined, init)));
  const c = settings ? await cachedCredentials(ctx, settings, init, session) : await (await session()).fetchOnce();
  ctx.io.stdout.write(
    `${JSON.stringify({
      Version: 1,
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      SessionToken: c.sessionToken,
      Expiration: isoSeconds(c.expiration),
    })}\n`,
  );
  logger.debug("roles-anywhere: credentials printed");
  return EXIT_OK;
}
