/**
 * ISO-8601 / RFC 3339 UTC with whole seconds, e.g. `2024-01-16T00:02:43Z`: how the service writes
 * `expiration`, how `aws_signing_helper` prints `Expiration`, and how IAM shows `aws:CurrentTime`.
 * Milliseconds are dropped, not rounded.
 *
 * @internal
 */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");
