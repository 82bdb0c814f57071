import { contentInsteadOfPath } from "../options/pathValue";
import { UsageError } from "./errors";

/**
 * Guards for flags that take a file path: certificate or key *content* passed where a path is
 * expected (`--private-key "$KEY_PEM"`) must never be echoed back in an error message.
 * @internal
 */

/**
 * Throws a {@link UsageError} (exit 2) when `value`, given to `flag` as a file path, looks like
 * certificate or key content (see `contentInsteadOfPath`). The message never contains the value.
 * @internal
 */
export function checkPathValue(value: string | undefined, flag: string): void {
  if (value === undefined) return;
  const reason = contentInsteadOfPath(value);
  if (reason === undefined) return;
  throw new UsageError(
    `the value of ${flag} looks like certificate/key content, not a file path (${reason}): ${flag} must be a file path. ` +
      `Write the content to a file (mode 0600 for a key) and pass its path, e.g. ${flag} /path/to/file.pem (the value is not shown here).`,
  );
}

export { MAX_SHOWN_PATH_LENGTH, shownPath } from "../node/shownPath";
