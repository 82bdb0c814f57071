import { matchesWildcard } from "./wildcard";

/** Splits an ARN into its six components; the resource keeps any further colons. */
function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * IAM `ArnEquals` / `ArnLike`: case-sensitive, compared component by component (six
 * colon-delimited parts), each part may use `*` and `?`; a `*` never spans a `:`.
 * @internal
 */
export function matchesArn(pattern: string, value: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return false;
  // The sixth component is everything after the fifth colon (it may itself hold colons).
  return p.every((part, i) => matchesWildcard(part, v[i]!));
}
