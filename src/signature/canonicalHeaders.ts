/**
 * Builds the SigV4 canonical headers block for the named headers: lowercase name,
 * `:`, the value trimmed with runs of spaces collapsed, and `\n` after each entry,
 * sorted by name. Header lookup is case-insensitive.
 *
 * @public
 */
export const getCanonicalHeaders = (headers: Readonly<Record<string, string>>, signedHeaders: readonly string[]): string => {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    lower.set(key, lower.has(key) ? `${lower.get(key)},${value}` : value);
  }
  return [...signedHeaders]
    .map((name) => name.toLowerCase())
    .sort()
    .map((name) => `${name}:${(lower.get(name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
};

/**
 * The `SignedHeaders` value: lowercase names, sorted, joined with `;`.
 *
 * @public
 */
export const getSignedHeadersList = (signedHeaders: readonly string[]): string =>
  [...signedHeaders]
    .map((name) => name.toLowerCase())
    .sort()
    .join(";");
