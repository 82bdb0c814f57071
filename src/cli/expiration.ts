/** `Expiration` as RFC 3339 UTC without milliseconds, as the service and aws_signing_helper print it. @internal */
export function formatExpiration(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
