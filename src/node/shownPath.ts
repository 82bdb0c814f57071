/** Longest path shown in an error message. @internal */
export const MAX_SHOWN_PATH_LENGTH = 200;

/**
 * `path` for an error message, cut to at most {@link MAX_SHOWN_PATH_LENGTH} characters (the start
 * and the end are kept, the middle is replaced by `...`): a value pasted where a path belongs is
 * never shown whole.
 * @internal
 */
export function shownPath(path: string): string {
  if (path.length <= MAX_SHOWN_PATH_LENGTH) return path;
  const keep = MAX_SHOWN_PATH_LENGTH - 3;
  const head = Math.ceil(keep / 2);
  return `${path.slice(0, head)}...${path.slice(path.length - (keep - head))}`;
}
