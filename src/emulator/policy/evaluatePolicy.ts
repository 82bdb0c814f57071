import type { ConditionContext } from "./context";
import { explainCondition, type ConditionBlock } from "./evaluateCondition";
import type { PolicyExplanation, PolicyStatementExplanation } from "../types";
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
  Sid?: unknown;
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

/** How one statement applies to a principal, for each of `actions`, under `context`. */
function explainStatement(
  s: Statement,
  index: number,
  principal: RequestPrincipal,
  actions: readonly string[],
  context: ConditionContext,
  policyVariables: boolean,
): PolicyStatementExplanation {
  const principalMatched =
    (s.Principal !== undefined || s.NotPrincipal !== undefined) && // a trust policy statement needs a principal
    (s.Principal === undefined || principalMatches(s.Principal, principal)) &&
    (s.NotPrincipal === undefined || !principalMatches(s.NotPrincipal, principal));
  const actionsMatched = actions.filter(
    (action) =>
      (s.Action !== undefined || s.NotAction !== undefined) &&
      (s.Action === undefined || actionMatches(list(s.Action), action)) &&
      (s.NotAction === undefined || !actionMatches(list(s.NotAction), action)),
  );
  const block = s.Condition;
  const malformed = block !== undefined && (typeof block !== "object" || block === null);
  const conditions = malformed ? [] : explainCondition(block as ConditionBlock | undefined, context, { policyVariables });
  return {
    index,
    ...(typeof s.Sid === "string" ? { sid: s.Sid } : {}),
    effect: typeof s.Effect === "string" ? s.Effect : JSON.stringify(s.Effect ?? null),
    principalMatched,
    actionsMatched,
    conditions,
    conditionsPassed: !malformed && conditions.every((c) => c.passed),
  };
}

/**
 * Explains how a resource-based (trust) policy decides for one principal and each of `actions`:
 * every statement with its principal, action and condition results, and per action the decision
 * (an applicable explicit `Deny` wins over any `Allow`; with no applicable `Allow` the result is
 * an implicit deny). Pure; {@link evaluatePolicy} is this for one action.
 * @internal
 */
export function explainPolicy(
  policy: unknown,
  principal: RequestPrincipal,
  actions: readonly string[],
  context: ConditionContext,
): PolicyExplanation {
  const raw = (policy as { Statement?: unknown } | null)?.Statement;
  const all = (Array.isArray(raw) ? raw : raw ? [raw] : []) as unknown[];
  // Policy variables exist only in the 2012-10-17 policy language.
  const policyVariables = (policy as { Version?: unknown } | null)?.Version === "2012-10-17";
  const statements = all.flatMap((s, index) =>
    typeof s === "object" && s !== null ? [explainStatement(s as Statement, index, principal, actions, context, policyVariables)] : [],
  );
  const decisions = actions.map((action) => {
    const applicable = statements.filter((s) => s.principalMatched && s.conditionsPassed && s.actionsMatched.includes(action));
    const decision: PolicyDecision = applicable.some((s) => s.effect === "Deny")
      ? "Deny"
      : applicable.some((s) => s.effect === "Allow")
        ? "Allow"
        : "ImplicitDeny";
    return { action, decision };
  });
  return { allowed: decisions.every((d) => d.decision === "Allow"), decisions, statements };
}

/**
 * Evaluates a resource-based (trust) policy for one principal and action: an applicable
 * explicit `Deny` wins over any `Allow`; with no applicable `Allow` the result is an implicit deny.
 * @internal
 */
export function evaluatePolicy(policy: unknown, principal: RequestPrincipal, action: string, context: ConditionContext): PolicyDecision {
  return explainPolicy(policy, principal, [action], context).decisions[0]!.decision;
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
 * Explains a role trust policy the way STS evaluates it for Roles Anywhere: every one of
 * `sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity` must be allowed for the principal
 * `rolesanywhere.amazonaws.com`.
 * @internal
 */
export const explainTrustPolicy = (policy: unknown, context: ConditionContext): PolicyExplanation =>
  explainPolicy(policy, ROLES_ANYWHERE_PRINCIPAL, REQUIRED_TRUST_ACTIONS, context);

/**
 * Evaluates a role trust policy as {@link explainTrustPolicy} does. Returns the actions that
 * were not allowed.
 * @internal
 */
export function evaluateTrustPolicy(policy: unknown, context: ConditionContext): TrustDecision {
  const { allowed, decisions } = explainTrustPolicy(policy, context);
  return { allowed, denied: decisions.filter((d) => d.decision !== "Allow") };
}
