import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createConditionContext } from "../../src/emulator/policy/context";
import { describeDenial } from "../../src/emulator/policy/describeDenial";
import { explainCondition } from "../../src/emulator/policy/evaluateCondition";
import { evaluatePolicy, explainPolicy, explainTrustPolicy, ROLES_ANYWHERE_PRINCIPAL } from "../../src/emulator/policy/evaluatePolicy";
import { DEFAULT_TRUST_POLICY } from "../../src/emulator/state/defaultTrustPolicy";

const ACTIONS = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"];
const gabriel = createConditionContext({
  "aws:PrincipalTag/x509Subject/CN": "GabrielAngelos",
  "aws:PrincipalTag/x509Issuer/CN": "Lab CA",
  "aws:TagKeys": ["x509Subject/CN", "x509Issuer/CN"],
});
const onlyThule = {
  Version: "2012-10-17",
  Statement: [{ ...DEFAULT_TRUST_POLICY.Statement[0], Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } } }],
};

describe("explainCondition (the failing key, the request's value, the policy's)", () => {
  it("names the operator, key, request values and policy values of each key, and whether it passed", () => {
    expect(explainCondition(onlyThule.Statement[0]!.Condition, gabriel)).toEqual([
      {
        operator: "StringEquals",
        key: "aws:PrincipalTag/x509Subject/CN",
        policyValues: ["DavianThule"],
        requestValues: ["GabrielAngelos"],
        passed: false,
      },
    ]);
  });

  it("lists every key, also after one failed, and marks a key the request lacks", () => {
    const results = explainCondition(
      {
        StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule", "aws:PrincipalTag/x509Subject/OU": "Ops" },
        StringLike: { "aws:PrincipalTag/x509Issuer/CN": "Lab*" },
      },
      gabriel,
    );
    expect(results.map((r) => [r.key, r.passed, r.requestValues])).toEqual([
      ["aws:PrincipalTag/x509Subject/CN", false, ["GabrielAngelos"]],
      ["aws:PrincipalTag/x509Subject/OU", false, undefined],
      ["aws:PrincipalTag/x509Issuer/CN", true, ["Lab CA"]],
    ]);
  });

  it("shows policy values after policy variables were replaced", () => {
    const [result] = explainCondition(
      { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "${aws:PrincipalTag/x509Issuer/CN}" } },
      gabriel,
      {
        policyVariables: true,
      },
    );
    expect(result).toMatchObject({ policyValues: ["Lab CA"], requestValues: ["GabrielAngelos"], passed: false });
  });

  it("an unknown operator gives a result that never passes", () => {
    expect(explainCondition({ StringEqual: { k: "v" } }, gabriel)).toEqual([
      { operator: "StringEqual", key: "", policyValues: [], passed: false, unknownOperator: true },
    ]);
  });
});

describe("explainPolicy", () => {
  it("explains the lab's policy #2 for GabrielAngelos: the principal and actions match, the CN condition fails", () => {
    const explanation = explainTrustPolicy(onlyThule, gabriel);
    expect(explanation.allowed).toBe(false);
    expect(explanation.decisions).toEqual(ACTIONS.map((action) => ({ action, decision: "ImplicitDeny" })));
    expect(explanation.statements).toEqual([
      {
        index: 0,
        effect: "Allow",
        principalMatched: true,
        actionsMatched: ACTIONS,
        conditions: [expect.objectContaining({ key: "aws:PrincipalTag/x509Subject/CN", requestValues: ["GabrielAngelos"], passed: false })],
        conditionsPassed: false,
      },
    ]);
    expect(describeDenial(explanation, ROLES_ANYWHERE_PRINCIPAL.id)).toBe(
      'Statement[0] condition StringEquals aws:PrincipalTag/x509Subject/CN: request value "GabrielAngelos" against policy value "DavianThule"',
    );
  });

  it("an applicable Deny wins and is named; a statement for another principal is reported as not matching", () => {
    const policy = {
      Statement: [
        DEFAULT_TRUST_POLICY.Statement[0],
        { Sid: "NoTagging", Effect: "Deny", Principal: "*", Action: "sts:TagSession" },
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    };
    const explanation = explainTrustPolicy(policy, gabriel);
    expect(explanation.decisions.map((d) => d.decision)).toEqual(["Allow", "Deny", "Allow"]);
    expect(explanation.statements[1]).toMatchObject({ sid: "NoTagging", effect: "Deny", actionsMatched: ["sts:TagSession"] });
    expect(explanation.statements[2]!.principalMatched).toBe(false);
    expect(describeDenial(explanation, "rolesanywhere.amazonaws.com")).toBe("Statement[1] denies sts:TagSession explicitly");
  });

  it("says when no statement names the principal or covers an action", () => {
    const ec2 = { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    expect(describeDenial(explainTrustPolicy(ec2, gabriel), "rolesanywhere.amazonaws.com")).toBe(
      "no Allow statement names the principal rolesanywhere.amazonaws.com",
    );
    const assumeOnly = { Statement: [{ ...DEFAULT_TRUST_POLICY.Statement[0], Action: "sts:AssumeRole" }] };
    expect(describeDenial(explainTrustPolicy(assumeOnly, gabriel), "rolesanywhere.amazonaws.com")).toBe(
      "no Allow statement covers sts:TagSession, sts:SetSourceIdentity",
    );
  });

  it("keeps the statement numbering of the document when a statement is not an object", () => {
    const explanation = explainPolicy(
      { Statement: ["junk", DEFAULT_TRUST_POLICY.Statement[0]] },
      ROLES_ANYWHERE_PRINCIPAL,
      ACTIONS,
      gabriel,
    );
    expect(explanation.statements.map((s) => s.index)).toEqual([1]);
    expect(explanation.allowed).toBe(true);
  });

  it("decides as an independent reference does, action by action, for generated policies and certificates", () => {
    const conditions = [
      undefined,
      { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } },
      { StringLike: { "aws:PrincipalTag/x509Subject/CN": "Davian*" } },
      { StringNotEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } },
    ] as const;
    const principals = ["*", { Service: "rolesanywhere.amazonaws.com" }, { Service: "ec2.amazonaws.com" }, { AWS: "*" }] as const;
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny", "allow"),
      principal: fc.nat(principals.length - 1),
      Action: fc.subarray([...ACTIONS, "sts:*"], { minLength: 1 }),
      condition: fc.nat(conditions.length - 1),
    });
    // The reference: IAM's rules written out for exactly these generated shapes.
    const reference = (
      statements: { Effect: string; principal: number; Action: string[]; condition: number }[],
      cn: string,
      action: string,
    ) => {
      const applies = statements.filter((s) => {
        const p = principals[s.principal]!;
        const principalOk = p === "*" || ("AWS" in p ? true : p.Service === "rolesanywhere.amazonaws.com");
        const actionOk = s.Action.includes(action) || s.Action.includes("sts:*");
        const c = conditions[s.condition];
        const conditionOk =
          c === undefined ||
          ("StringEquals" in c ? cn === "DavianThule" : "StringLike" in c ? cn.startsWith("Davian") : cn !== "DavianThule");
        return principalOk && actionOk && conditionOk;
      });
      return applies.some((s) => s.Effect === "Deny") ? "Deny" : applies.some((s) => s.Effect === "Allow") ? "Allow" : "ImplicitDeny";
    };
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("DavianThule", "GabrielAngelos"),
        (statements, cn) => {
          const policy = {
            Version: "2012-10-17",
            Statement: statements.map((s) => ({
              Effect: s.Effect,
              Principal: principals[s.principal],
              Action: s.Action,
              ...(conditions[s.condition] ? { Condition: conditions[s.condition] } : {}),
            })),
          };
          const context = createConditionContext({ "aws:PrincipalTag/x509Subject/CN": cn });
          const explanation = explainPolicy(policy, ROLES_ANYWHERE_PRINCIPAL, ACTIONS, context);
          for (const { action, decision } of explanation.decisions) {
            expect(decision).toBe(reference(statements, cn, action));
            expect(evaluatePolicy(policy, ROLES_ANYWHERE_PRINCIPAL, action, context)).toBe(decision);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
