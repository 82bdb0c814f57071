import type { ConditionContext } from "./context";
import { parseOperator, type BaseOperator } from "./operators";
import { substitutePolicyVariables } from "./policyVariables";

/** A policy `Condition` element: operator → (condition key → value or values). @internal */
export type ConditionBlock = Record<string, Record<string, unknown>>;

const toStrings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" ? v : String(v)));

function evaluateKey(
  op: BaseOperator,
  set: "ForAnyValue" | "ForAllValues" | undefined,
  ifExists: boolean,
  policyValues: readonly string[],
  requestValues: readonly string[] | undefined,
): boolean {
  const missing = requestValues === undefined || requestValues.length === 0;
  // One request value satisfies the operator when it matches any policy value (values are OR-ed);
  // for a negated operator when it matches none of them.
  const perValue = (v: string) => {
    const any = policyValues.some((p) => op.match(p, v));
    return op.negated ? !any : any;
  };
  if (set === "ForAllValues") {
    // True when every request value passes; vacuously true for a missing/empty key.
    return missing ? true : requestValues.every(perValue);
  }
  if (set === "ForAnyValue") {
    if (missing) return ifExists && requestValues === undefined;
    return requestValues.some(perValue);
  }
  if (missing) {
    // Missing key: false, except …IfExists and the negated operators (true).
    return ifExists || op.negated;
  }
  const any = requestValues.some((v) => policyValues.some((p) => op.match(p, v)));
  return op.negated ? !any : any;
}

/**
 * Evaluates an IAM `Condition` block against a request context with IAM semantics:
 * operators are AND-ed, keys inside one operator are AND-ed, values for one key are OR-ed,
 * key names are case-insensitive, a missing key fails a condition except for negated
 * operators, `…IfExists` and `Null`; `ForAnyValue:`/`ForAllValues:` are the set operators.
 * An unknown operator never matches (IAM would have refused the policy). With
 * `policyVariables` (policies of Version 2012-10-17), `${…}` variables in values are
 * replaced from the context first.
 * @internal
 */
export function evaluateCondition(
  condition: ConditionBlock | undefined,
  context: ConditionContext,
  { policyVariables = false } = {},
): boolean {
  if (condition === undefined) return true;
  for (const [operator, keys] of Object.entries(condition)) {
    const parsed = parseOperator(operator);
    if (parsed.base === undefined || typeof keys !== "object" || keys === null) return false;
    for (const [key, rawValues] of Object.entries(keys)) {
      const literal = toStrings(rawValues);
      // Policy variables (Version 2012-10-17) are replaced first; an unresolvable one matches nothing.
      const policyValues = policyVariables
        ? literal.map((v) => substitutePolicyVariables(v, context)).filter((v): v is string => v !== undefined)
        : literal;
      const requestValues = context.get(key.toLowerCase());
      if (parsed.base === "null") {
        const absent = requestValues === undefined || requestValues.length === 0;
        // `"true"` asserts the key is absent, `"false"` that it is present; several values are OR-ed.
        const ok = policyValues.some((p) => (p.toLowerCase() === "true" ? absent : !absent));
        if (!ok) return false;
        continue;
      }
      if (!evaluateKey(parsed.base, parsed.set, parsed.ifExists, policyValues, requestValues)) return false;
    }
  }
  return true;
}
