import { newSecretAccessKey, randomIdChars } from "../ids";
import { invalidOption } from "../state/errors";
import type { AdminCredentials } from "./auth";

export type { AdminCredentials } from "./auth";

/** An access key id as AWS shapes them: 16–128 word characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;

/**
 * The admin credentials of a start: the given ones (checked), or random ones (`AKIA` + 16
 * characters and a 40-character secret, like an IAM user's keys).
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` for a malformed key id or an empty secret.
 * @internal
 */
export function checkAdminCredentials(given: AdminCredentials | undefined): AdminCredentials {
  if (given === undefined) return { accessKeyId: `AKIA${randomIdChars(16)}`, secretAccessKey: newSecretAccessKey() };
  if (typeof given.accessKeyId !== "string" || !ACCESS_KEY_ID.test(given.accessKeyId)) {
    throw invalidOption("adminCredentials.accessKeyId must be 16 to 128 letters, digits or underscores (e.g. AKIAIOSFODNN7EXAMPLE).");
  }
  if (typeof given.secretAccessKey !== "string" || given.secretAccessKey.length < 1 || /[\s]/.test(given.secretAccessKey)) {
    throw invalidOption("adminCredentials.secretAccessKey must be a non-empty string without spaces.");
  }
  return { accessKeyId: given.accessKeyId, secretAccessKey: given.secretAccessKey };
}
