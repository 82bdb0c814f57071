import { matchesArn } from "./arnMatch";
import { matchesWildcard } from "./wildcard";

/**
 * A base IAM condition operator: how one policy value matches one request value, and whether
 * the operator is the negated form (`StringNotEquals` …), which is true when nothing matches.
 * @internal
 */
export interface BaseOperator {
  readonly negated: boolean;
  readonly match: (policyValue: string, requestValue: string) => boolean;
}

const number = (s: string): number => (s.trim() === "" ? Number.NaN : Number(s));
const numeric = (cmp: (a: number, b: number) => boolean) => (p: string, v: string) => {
  const a = number(v);
  const b = number(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
};
const stringEquals = (p: string, v: string) => p === v;
const ignoreCase = (p: string, v: string) => p.toLowerCase() === v.toLowerCase();
const like = (p: string, v: string) => matchesWildcard(p, v);
const bool = (p: string, v: string) => p.toLowerCase() === v.toLowerCase();

/** Base operators by lower-cased name (without `ForAnyValue:`/`ForAllValues:` and `IfExists`). */
const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map<string, BaseOperator>([
  ["stringequals", { negated: false, match: stringEquals }],
  ["stringnotequals", { negated: true, match: stringEquals }],
  ["stringequalsignorecase", { negated: false, match: ignoreCase }],
  ["stringnotequalsignorecase", { negated: true, match: ignoreCase }],
  ["stringlike", { negated: false, match: like }],
  ["stringnotlike", { negated: true, match: like }],
  ["arnequals", { negated: false, match: matchesArn }],
  ["arnlike", { negated: false, match: matchesArn }],
  ["arnnotequals", { negated: true, match: matchesArn }],
  ["arnnotlike", { negated: true, match: matchesArn }],
  ["bool", { negated: false, match: bool }],
  ["numericequals", { negated: false, match: numeric((a, b) => a === b) }],
  ["numericnotequals", { negated: true, match: numeric((a, b) => a === b) }],
  ["numericlessthan", { negated: false, match: numeric((a, b) => a < b) }],
  ["numericlessthanequals", { negated: false, match: numeric((a, b) => a <= b) }],
  ["numericgreaterthan", { negated: false, match: numeric((a, b) => a > b) }],
  ["numericgreaterthanequals", { negated: false, match: numeric((a, b) => a >= b) }],
]);

/**
 * A parsed condition operator name such as `ForAllValues:StringLikeIfExists`.
 * `base` is `"null"` for the `Null` operator and `undefined` for an unknown operator.
 * @internal
 */
export interface ParsedOperator {
  readonly set?: "ForAnyValue" | "ForAllValues";
  readonly ifExists: boolean;
  readonly name: string;
  readonly base: BaseOperator | "null" | undefined;
}

/**
 * Parses an IAM condition operator name (matched case-insensitively, which is more lenient
 * than IAM's policy validator but never changes the result of a valid policy).
 * @internal
 */
export function parseOperator(operator: string): ParsedOperator {
  let name = operator.trim();
  let set: ParsedOperator["set"];
  const lower = name.toLowerCase();
  if (lower.startsWith("foranyvalue:")) {
    set = "ForAnyValue";
    name = name.slice("ForAnyValue:".length);
  } else if (lower.startsWith("forallvalues:")) {
    set = "ForAllValues";
    name = name.slice("ForAllValues:".length);
  }
  let ifExists = false;
  if (name.toLowerCase().endsWith("ifexists") && name.toLowerCase() !== "ifexists") {
    ifExists = true;
    name = name.slice(0, -"IfExists".length);
  }
  const key = name.toLowerCase();
  const base = key === "null" ? "null" : OPERATORS.get(key);
  return { ...(set ? { set } : {}), ifExists, name, base };
}
