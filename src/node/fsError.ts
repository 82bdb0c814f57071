/**
 * Short text for a file-system error, by its code: what error messages about unreadable files say
 * after the path. Only the code is read; a Node fs error repeats the path in its message, so the
 * message itself is never shown.
 *
 * @internal
 */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "it does not exist";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ELOOP":
      return "its symbolic links form a loop";
    default:
      return typeof code === "string" ? code : "read failed";
  }
}
