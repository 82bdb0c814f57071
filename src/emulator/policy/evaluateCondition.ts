import type { ConditionContext } from "./context";
import { parseOperator, type BaseOperator } from "./operators";
import { substitutePolicyVariables } from "./policyVariables";
import type { PolicyConditionResult } from "../types";

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
 * Evaluates every condition key of an IAM `Condition` block against a request context, with IAM
 * semantics: key names are case-insensitive, values for one key are OR-ed, a missing key fails a
 * condition except for negated operators, `…IfExists` and `Null`; `ForAnyValue:`/`ForAllValues:`
 * are the set operators. An unknown operator (IAM would have refused the policy) gives one
 * result that never passes. With `policyVariables` (policies of Version 2012-10-17), `${…}`
 * variables in values are replaced from the context first. Pure.
 * @returns one result per (operator, key), in the block's order.
 * @internal
 */
export function explainCondition(
  condition: ConditionBlock | undefined,
  context: ConditionContext,
  { policyVariables = false } = {},
): PolicyConditionResult[] {
  const results: PolicyConditionResult[] = [];
  if (condition === undefined) return results;
  for (const [operator, keys] of Object.entries(condition)) {
    const parsed = parseOperator(operator);
    if (parsed.base === undefined || typeof keys !== "object" || keys === null) {
      results.push({ operator, key: "", policyValues: [], passed: false, ...(parsed.base === undefined ? { unknownOperator: true } : {}) });
      continue;
    }
    for (const [key, rawValues] of Object.entries(keys)) {
      const literal = toStrings(rawValues);
      // Policy variables (Version 2012-10-17) are replaced first; an unresolvable one matches nothing.
      const policyValues = policyVariables
        ? literal.map((v) => substitutePolicyVariables(v, context)).filter((v): v is string => v !== undefined)
        : literal;
      const requestValues = context.get(key.toLowerCase());
      const shown = { operator, key, policyValues, ...(requestValues === undefined ? {} : { requestValues: [...requestValues] }) };
      if (parsed.base === "null") {
        const absent = requestValues === undefined || requestValues.length === 0;
        // `"true"` asserts the key is absent, `"false"` that it is present; several values are OR-ed.
        results.push({ ...shown, passed: policyValues.some((p) => (p.toLowerCase() === "true" ? absent : !absent)) });
        continue;
      }
      results.push({ ...shown, passed: evaluateKey(parsed.base, parsed.set, parsed.ifExists, policyValues, requestValues) });
    }
  }
  return results;
}

/**
 * True when every condition of the block holds ({@link explainCondition}): operators are AND-ed
 * and keys inside one operator are AND-ed.
 * @internal
 */
export function evaluateCondition(
  condition: ConditionBlock | undefined,
  context: ConditionContext,
  options: { policyVariables?: boolean } = {},
): boolean {
  return explainCondition(condition, context, options).every((r) => r.passed);
}
