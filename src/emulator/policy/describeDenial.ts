import type { PolicyConditionResult, PolicyExplanation } from "../types";

const quoted = (values: readonly string[] | undefined): string =>
  values === undefined ? "(no such key in the request)" : values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);

/** `StringEquals aws:PrincipalTag/x509Subject/CN: "GabrielAngelos" against "DavianThule"`. @internal */
export const describeCondition = (c: PolicyConditionResult): string =>
  c.unknownOperator
    ? `unknown condition operator ${c.operator}`
    : `${c.operator} ${c.key}: request value ${quoted(c.requestValues)} against policy value ${quoted(c.policyValues)}`;

/**
 * Says in one line why a policy did not allow every action: an explicit deny, or for each
 * `Allow` statement that names the principal, the conditions that failed; or that no statement
 * names the principal or the actions. Pure.
 * @internal
 */
export function describeDenial(explanation: PolicyExplanation, principal: string): string {
  const refused = explanation.decisions.filter((d) => d.decision !== "Allow").map((d) => d.action);
  const denying = explanation.statements.find(
    (s) => s.effect === "Deny" && s.principalMatched && s.conditionsPassed && s.actionsMatched.some((a) => refused.includes(a)),
  );
  if (denying) return `Statement[${denying.index}] denies ${refused.join(", ")} explicitly`;
  const allows = explanation.statements.filter((s) => s.effect === "Allow");
  const forPrincipal = allows.filter((s) => s.principalMatched);
  if (forPrincipal.length === 0) return `no Allow statement names the principal ${principal}`;
  const failures = forPrincipal
    .filter((s) => !s.conditionsPassed && s.actionsMatched.length > 0)
    .map(
      (s) =>
        `Statement[${s.index}] condition ${s.conditions
          .filter((c) => !c.passed)
          .map(describeCondition)
          .join("; ")}`,
    );
  if (failures.length > 0) return failures.join(" | ");
  return `no Allow statement covers ${refused.join(", ")}`;
}
