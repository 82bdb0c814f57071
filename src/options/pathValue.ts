/**
 * Longest value accepted as a file path; a longer one is taken for pasted content.
 *
 * @internal
 */
export const MAX_PATH_VALUE_LENGTH = 1024;

/**
 * Why `value`, given where a file path belongs, looks like certificate or key content instead
 * (e.g. an environment variable holding the PEM): it contains `-----BEGIN`, a line break, or is
 * longer than {@link MAX_PATH_VALUE_LENGTH} characters. `undefined` when it may be a path. The
 * reason never quotes the value: it may be a private key.
 *
 * @internal
 */
export const contentInsteadOfPath = (value: string): string | undefined =>
  value.includes("-----BEGIN")
    ? 'it contains "-----BEGIN"'
    : /[\r\n]/.test(value)
      ? "it contains a line break"
      : value.length > MAX_PATH_VALUE_LENGTH
        ? `it is ${value.length} characters long`
        : undefined;
