import { parseOperator } from "./operators";

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_FIELDS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Condition"]);
const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringOrStrings = (v: unknown): boolean =>
  typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));
const isScalar = (v: unknown): boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** An `AWS` principal: an account id, or an IAM or STS ARN (`…:iam::<account>:root`, `…:role/…`, `…:sts::<account>:assumed-role/…`). */
const AWS_PRINCIPAL = /^(?:\d{12}|arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[^*?\s]+)$/;

function principalProblem(value: unknown, field: string): string | undefined {
  if (value === "*") return undefined;
  if (!isObject(value) || Object.keys(value).length === 0)
    return `${field} must be "*" or an object such as {"Service": "rolesanywhere.amazonaws.com"}`;
  for (const [type, ids] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) return `${field} has an unknown principal type "${type}" (AWS, Service, Federated or CanonicalUser)`;
    if (!isStringOrStrings(ids)) return `${field}.${type} must be a string or a list of strings`;
    if (type !== "AWS") continue;
    // IAM refuses other AWS principals ("Invalid principal in policy"): no partial wildcards.
    const bad = (Array.isArray(ids) ? ids : [ids]).find((id: string) => id !== "*" && !AWS_PRINCIPAL.test(id));
    if (bad !== undefined) {
      return `${field}.AWS "${bad}" is not "*", an account id or an IAM/STS ARN such as arn:aws:iam::123456789012:role/Name (a wildcard is allowed only as the whole value "*")`;
    }
  }
  return undefined;
}

function conditionProblem(value: unknown, field: string): string | undefined {
  if (!isObject(value))
    return `${field} must be an object of operators, e.g. {"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "name"}}`;
  for (const [operator, keys] of Object.entries(value)) {
    if (parseOperator(operator).base === undefined) {
      return `${field} has an unknown condition operator "${operator}" (StringEquals, StringLike, ArnLike, Bool, Numeric…, Null, with …IfExists or ForAnyValue:/ForAllValues:)`;
    }
    if (!isObject(keys) || Object.keys(keys).length === 0) return `${field}.${operator} must be an object of condition keys and values`;
    for (const [key, values] of Object.entries(keys)) {
      if (!(isScalar(values) || (Array.isArray(values) && values.length > 0 && values.every(isScalar)))) {
        return `${field}.${operator}["${key}"] must be a value or a non-empty list of values`;
      }
    }
  }
  return undefined;
}

function statementProblem(s: unknown, field: string): string | undefined {
  if (!isObject(s)) return `${field} must be an object`;
  for (const key of Object.keys(s)) {
    if (!STATEMENT_FIELDS.has(key)) {
      return `${field} has a field "${key}" a trust policy cannot have (allowed: ${[...STATEMENT_FIELDS].join(", ")})`;
    }
  }
  if (s["Effect"] !== "Allow" && s["Effect"] !== "Deny")
    return `${field}.Effect must be "Allow" or "Deny" (case-sensitive); got ${JSON.stringify(s["Effect"])}`;
  if ((s["Principal"] === undefined) === (s["NotPrincipal"] === undefined))
    return `${field} needs exactly one of Principal and NotPrincipal`;
  const principalField = s["Principal"] === undefined ? "NotPrincipal" : "Principal";
  const principal = principalProblem(s[principalField], `${field}.${principalField}`);
  if (principal) return principal;
  if ((s["Action"] === undefined) === (s["NotAction"] === undefined)) return `${field} needs exactly one of Action and NotAction`;
  const actionField = s["Action"] === undefined ? "NotAction" : "Action";
  if (!isStringOrStrings(s[actionField])) return `${field}.${actionField} must be a string or a non-empty list of strings`;
  if (s["Condition"] !== undefined) return conditionProblem(s["Condition"], `${field}.Condition`);
  return undefined;
}

/**
 * Checks a role trust policy document against IAM's policy grammar, as far as the emulator
 * evaluates it: `Version` (2012-10-17 or 2008-10-17), `Statement` (one or a non-empty list),
 * each with `Effect` exactly `Allow`/`Deny`, one of `Principal`/`NotPrincipal`, one of
 * `Action`/`NotAction`, and a `Condition` whose operators the emulator knows. IAM refuses such
 * documents with `MalformedPolicyDocument`; the emulator refuses them when the role is added,
 * rather than denying every request later.
 * @returns what is wrong, or `undefined` for a valid document.
 * @internal
 */
export function trustPolicyProblem(policy: unknown): string | undefined {
  if (!isObject(policy)) return "must be a policy document (a JSON object)";
  for (const key of Object.keys(policy)) {
    if (!TOP_LEVEL.has(key)) return `has an unknown top-level field "${key}" (allowed: Version, Id, Statement)`;
  }
  if (policy["Version"] !== undefined && !VERSIONS.has(policy["Version"] as string)) {
    return `Version must be "2012-10-17" (or "2008-10-17"); got ${JSON.stringify(policy["Version"])}`;
  }
  const statement = policy["Statement"];
  if (statement === undefined) return 'has no "Statement"';
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statements.length === 0) return '"Statement" is empty';
  for (const [i, s] of statements.entries()) {
    const problem = statementProblem(s, Array.isArray(statement) ? `Statement[${i}]` : "Statement");
    if (problem) return problem;
  }
  return undefined;
}
