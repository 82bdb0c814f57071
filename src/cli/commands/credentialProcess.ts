import type { CommandContext } from "../context";
import { EXIT_OK } from "../errors";
import { isoSeconds } from "../../encoding/isoSeconds";
import { openSession } from "../session";

/**
 * `credential-process`: one CreateSession, printed as the AWS `credential_process` JSON.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const session = await openSession(ctx);
  const c = await session.fetchOnce();
  ctx.io.stdout.write(
    `${JSON.stringify({
      Version: 1,
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      SessionToken: c.sessionToken,
      Expiration: isoSeconds(c.expiration),
    })}\n`,
  );
  return EXIT_OK;
}
