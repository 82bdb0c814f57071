/**
 * IAM wildcard matching (`*` = any run of characters, `?` = exactly one character).
 * @internal
 */
export function matchesWildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  // Iterative glob matcher with backtracking on the last `*` (linear in practice, no regex injection).
  let pi = 0;
  let vi = 0;
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc === "?" || (pc !== undefined && pc !== "*" && pc === v[vi])) {
      pi++;
      vi++;
    } else if (pc === "*") {
      starP = pi++;
      starV = vi;
    } else if (starP >= 0) {
      pi = starP + 1;
      vi = ++starV;
    } else {
      return false;
    }
  }
  while (p[pi] === "*") pi++;
  return pi === p.length;
}
