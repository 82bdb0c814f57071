import { isoSeconds } from "../../encoding/isoSeconds";
import type { CliCredentials } from "../session";

/**
 * The line credential-process prints: the `credential_process` JSON of the AWS CLI and SDKs
 * (Version 1, expiration to the second), newline-terminated. Pure.
 * @internal
 */
export const credentialProcessJson = (c: CliCredentials): string =>
  `${JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: isoSeconds(c.expiration),
  })}\n`;
