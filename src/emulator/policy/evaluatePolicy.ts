import type { ConditionContext } from "./context";
import { evaluateCondition, type ConditionBlock } from "./evaluateCondition";
import { matchesWildcard } from "./wildcard";

/**
 * The principal making the request, e.g. `{ type: "Service", id: "rolesanywhere.amazonaws.com" }`
 * or, for a role session, `{ type: "AWS", id: <assumed-role ARN>, aliases: [<role ARN>,
 * <account root ARN>] }` (see `awsPrincipalOfSession`): a policy's principal value matches when it
 * names the id or one of the aliases.
 * @internal
 */
export interface RequestPrincipal {
  readonly type: "Service" | "AWS" | "Federated" | "CanonicalUser";
  readonly id: string;
  /** Other names the same principal matches under (`AWS` principals only). */
  readonly aliases?: readonly string[];
}

/** Result of evaluating one policy for one action. @internal */
export type PolicyDecision = "Allow" | "Deny" | "ImplicitDeny";

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Condition?: unknown;
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");

/** An account id in a principal stands for the account's root ARN (IAM rewrites it so). */
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Whether one principal value names `principal`. Service names compare case-insensitively; `AWS`
 * values are ARNs (or account ids) and compare exactly, against the id and every alias.
 */
function namesPrincipal(value: string, principal: RequestPrincipal): boolean {
  if (value === "*") return true;
  if (principal.type !== "AWS") return value.toLowerCase() === principal.id.toLowerCase();
  const names = [principal.id, ...(principal.aliases ?? [])];
  if (ACCOUNT_ID.test(value)) return names.some((name) => name.endsWith(`:iam::${value}:root`));
  return names.includes(value);
}

function principalMatches(element: unknown, principal: RequestPrincipal): boolean {
  if (element === "*") return true;
  if (typeof element !== "object" || element === null) return false;
  for (const [type, ids] of Object.entries(element as Record<string, unknown>)) {
    const values = list(ids);
    // `{"AWS": "*"}` is IAM's spelling of "everyone", like a bare "*".
    if (type === "AWS" && values.includes("*")) return true;
    if (type !== principal.type) continue;
    if (values.some((v) => namesPrincipal(v, principal))) return true;
  }
  return false;
}

function actionMatches(patterns: string[], action: string): boolean {
  // Action names are case-insensitive in IAM and may use wildcards (`sts:*`, `*`).
  return patterns.some((p) => matchesWildcard(p, action, true));
}

function statementApplies(s: Statement, principal: RequestPrincipal, action: string, context: ConditionContext, policyVariables: boolean) {
  if (s.Principal !== undefined && !principalMatches(s.Principal, principal)) return false;
  if (s.NotPrincipal !== undefined && principalMatches(s.NotPrincipal, principal)) return false;
  if (s.Principal === undefined && s.NotPrincipal === undefined) return false; // a trust policy statement needs a principal
  if (s.Action !== undefined && !actionMatches(list(s.Action), action)) return false;
  if (s.NotAction !== undefined && actionMatches(list(s.NotAction), action)) return false;
  if (s.Action === undefined && s.NotAction === undefined) return false;
  const condition = s.Condition as ConditionBlock | undefined;
  if (condition !== undefined && (typeof condition !== "object" || condition === null)) return false;
  return evaluateCondition(condition, context, { policyVariables });
}

/**
 * Evaluates a resource-based (trust) policy for one principal and action: an applicable
 * explicit `Deny` wins over any `Allow`; with no applicable `Allow` the result is an implicit deny.
 * @internal
 */
export function evaluatePolicy(policy: unknown, principal: RequestPrincipal, action: string, context: ConditionContext): PolicyDecision {
  const statements = (policy as { Statement?: unknown } | null)?.Statement;
  const all = (Array.isArray(statements) ? statements : statements ? [statements] : []) as Statement[];
  // Policy variables exist only in the 2012-10-17 policy language.
  const policyVariables = (policy as { Version?: unknown } | null)?.Version === "2012-10-17";
  let allowed = false;
  for (const s of all) {
    if (typeof s !== "object" || s === null) continue;
    if (!statementApplies(s, principal, action, context, policyVariables)) continue;
    if (s.Effect === "Deny") return "Deny";
    if (s.Effect === "Allow") allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

/** The service principal of IAM Roles Anywhere. @internal */
export const ROLES_ANYWHERE_PRINCIPAL: RequestPrincipal = { type: "Service", id: "rolesanywhere.amazonaws.com" };

/** Actions a role's trust policy must allow for a Roles Anywhere session. @internal */
export const REQUIRED_TRUST_ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] as const;

/** Which of several actions a trust policy did not allow. @internal */
export interface TrustDecision {
  readonly allowed: boolean;
  /** The actions not allowed, in the order asked, with how each was refused. */
  readonly denied: { action: string; decision: PolicyDecision }[];
}

/**
 * Evaluates a role trust policy for every one of `actions` (each must be allowed for
 * `principal`), as STS does when a role is assumed. Returns the actions that were not allowed.
 * @internal
 */
export function evaluateTrustActions(
  policy: unknown,
  principal: RequestPrincipal,
  actions: readonly string[],
  context: ConditionContext,
): TrustDecision {
  const denied = actions
    .map((action) => ({ action, decision: evaluatePolicy(policy, principal, action, context) }))
    .filter((r) => r.decision !== "Allow");
  return { allowed: denied.length === 0, denied };
}

/**
 * Evaluates a role trust policy the way STS does for Roles Anywhere: every one of
 * `sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity` must be allowed for the
 * principal `rolesanywhere.amazonaws.com`. Returns the actions that were not allowed.
 * @internal
 */
export function evaluateTrustPolicy(policy: unknown, context: ConditionContext): TrustDecision {
  return evaluateTrustActions(policy, ROLES_ANYWHERE_PRINCIPAL, REQUIRED_TRUST_ACTIONS, context);
}
