import type { ConditionContext } from "./context";

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL: Readonly<Record<string, string>> = { "*": "*", "?": "?", $: "$" };

/**
 * Replaces IAM policy variables in a condition value (policy `Version` 2012-10-17):
 * `${aws:PrincipalTag/x509Subject/CN}` becomes the request's value of that key (key names
 * are case-insensitive), `${key, 'default'}` falls back to the default, and `${*}`, `${?}`,
 * `${$}` stand for the literal characters. Returns `undefined` when a variable has no
 * single value and no default: that policy value then matches nothing (the choice here;
 * IAM's documentation says an unresolvable variable makes the element not match).
 * @internal
 */
export function substitutePolicyVariables(value: string, context: ConditionContext): string | undefined {
  if (!value.includes("${")) return value;
  let unresolved = false;
  const replaced = value.replace(VARIABLE, (_whole, inner: string) => {
    const special = SPECIAL[inner.trim()];
    if (special !== undefined) return special;
    const [, key = "", fallback] = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner) ?? [];
    const values = context.get(key.toLowerCase());
    if (values !== undefined && values.length === 1) return values[0]!;
    if (fallback !== undefined) return fallback;
    unresolved = true;
    return "";
  });
  return unresolved ? undefined : replaced;
}
