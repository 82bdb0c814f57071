/**
 * Recognising TPM keys cheaply, without loading the TPM code.
 *
 * @internal
 */

/** True when the text holds a `TSS2 PRIVATE KEY` PEM block (a TPM 2.0 key file). @internal */
export const hasTss2Key = (value: unknown): value is string =>
  typeof value === "string" && value.includes("-----BEGIN TSS2 PRIVATE KEY-----");

/**
 * The handle of `handle:0x81000001` (aws_signing_helper's form for a persistent TPM key; the
 * `0x` is optional, the digits are hex), or undefined for anything else.
 *
 * @internal
 */
export const parseTpmHandle = (value: unknown): number | undefined => {
  if (typeof value !== "string") return undefined;
  const match = /^handle:(?:0x)?([0-9a-f]{1,8})$/i.exec(value.trim());
  return match ? parseInt(match[1]!, 16) : undefined;
};

/** True for a TPM key: a TSS2 key file's text or a `handle:` reference. @internal */
export const isTpmKey = (value: unknown): value is string => hasTss2Key(value) || parseTpmHandle(value) !== undefined;
