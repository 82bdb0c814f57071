import type { ConditionContext } from "./context";
import { evaluateCondition, type ConditionBlock } from "./evaluateCondition";
import { matchesWildcard } from "./wildcard";

/** The principal making the request, e.g. `{ type: "Service", id: "rolesanywhere.amazonaws.com" }`. @internal */
export interface RequestPrincipal {
  readonly type: "Service" | "AWS" | "Federated" | "CanonicalUser";
  readonly id: string;
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

function principalMatches(element: unknown, principal: RequestPrincipal): boolean {
  if (element === "*") return true;
  if (typeof element !== "object" || element === null) return false;
  for (const [type, ids] of Object.entries(element as Record<string, unknown>)) {
    const values = list(ids);
    // `{"AWS": "*"}` is IAM's spelling of "everyone", like a bare "*".
    if (type === "AWS" && values.includes("*")) return true;
    if (type !== principal.type) continue;
    if (values.some((v) => v === "*" || v.toLowerCase() === principal.id.toLowerCase())) return true;
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

/**
 * Evaluates a role trust policy the way STS does for Roles Anywhere: every one of
 * `sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity` must be allowed for the
 * principal `rolesanywhere.amazonaws.com`. Returns the actions that were not allowed.
 * @internal
 */
export function evaluateTrustPolicy(
  policy: unknown,
  context: ConditionContext,
): { allowed: boolean; denied: { action: string; decision: PolicyDecision }[] } {
  const denied = REQUIRED_TRUST_ACTIONS.map((action) => ({
    action,
    decision: evaluatePolicy(policy, ROLES_ANYWHERE_PRINCIPAL, action, context),
  })).filter((r) => r.decision !== "Allow");
  return { allowed: denied.length === 0, denied };
}
