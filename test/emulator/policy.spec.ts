import { describe, expect, it } from "vitest";
import { matchesArn } from "../../src/emulator/policy/arnMatch";
import { createConditionContext } from "../../src/emulator/policy/context";
import { evaluateCondition } from "../../src/emulator/policy/evaluateCondition";
import { evaluatePolicy, evaluateTrustPolicy, ROLES_ANYWHERE_PRINCIPAL } from "../../src/emulator/policy/evaluatePolicy";
import { matchesWildcard } from "../../src/emulator/policy/wildcard";

const ctx = createConditionContext({
  "aws:PrincipalTag/x509Subject/CN": "DavianThule",
  "aws:PrincipalTag/x509Subject/OU": "Security/Engineering",
  "aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA",
  "aws:SourceAccount": "123456789012",
  "aws:TagKeys": ["x509Subject/CN", "x509Subject/OU"],
  "aws:EmptySet": [],
});
const cond = (c: Record<string, Record<string, unknown>>) => evaluateCondition(c, ctx);

describe("wildcards", () => {
  it.each([
    ["Davian*", "DavianThule", true],
    ["*Thule", "DavianThule", true],
    ["D?vian*", "DavianThule", true],
    ["D?vian", "DavianThule", false],
    ["*", "", true],
    ["a*b*c", "axxbyyc", true],
    ["a*b*c", "axxbyy", false],
    ["davian*", "DavianThule", false],
  ])("%s ~ %s = %s", (p, v, expected) => {
    expect(matchesWildcard(p, v)).toBe(expected);
  });

  it("IgnoreCase folds case", () => {
    expect(matchesWildcard("davian*", "DavianThule", true)).toBe(true);
  });

  it("ArnLike matches per component and a * in a component does not cross a colon", () => {
    const arn = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA";
    expect(matchesArn("arn:aws:rolesanywhere:*:123456789012:trust-anchor/*", arn)).toBe(true);
    expect(matchesArn("arn:aws:rolesanywhere:us-east-?:*:trust-anchor/TA", arn)).toBe(true);
    expect(matchesArn("arn:aws:*:123456789012:trust-anchor/TA", arn)).toBe(false); // * cannot span service:region
    expect(matchesArn("arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/ta", arn)).toBe(false);
  });
});

describe("string operators", () => {
  it("StringEquals is exact and case-sensitive; several values are OR-ed", () => {
    expect(cond({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } })).toBe(true);
    expect(cond({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "davianthule" } })).toBe(false);
    expect(cond({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": ["GabrielAngelos", "DavianThule"] } })).toBe(true);
  });

  it("condition keys are case-insensitive", () => {
    expect(cond({ StringEquals: { "AWS:principaltag/X509SUBJECT/cn": "DavianThule" } })).toBe(true);
  });

  it("StringNotEquals is true when no value matches (NOR)", () => {
    expect(cond({ StringNotEquals: { "aws:PrincipalTag/x509Subject/CN": ["A", "B"] } })).toBe(true);
    expect(cond({ StringNotEquals: { "aws:PrincipalTag/x509Subject/CN": ["A", "DavianThule"] } })).toBe(false);
  });

  it("StringEqualsIgnoreCase / StringNotEqualsIgnoreCase", () => {
    expect(cond({ StringEqualsIgnoreCase: { "aws:PrincipalTag/x509Subject/CN": "davianthule" } })).toBe(true);
    expect(cond({ StringNotEqualsIgnoreCase: { "aws:PrincipalTag/x509Subject/CN": "DAVIANTHULE" } })).toBe(false);
  });

  it("StringLike / StringNotLike", () => {
    expect(cond({ StringLike: { "aws:PrincipalTag/x509Subject/OU": "Security/*" } })).toBe(true);
    expect(cond({ StringLike: { "aws:PrincipalTag/x509Subject/OU": "Eng*" } })).toBe(false);
    expect(cond({ StringNotLike: { "aws:PrincipalTag/x509Subject/OU": "Eng*" } })).toBe(true);
    expect(cond({ StringNotLike: { "aws:PrincipalTag/x509Subject/OU": "*Engineering" } })).toBe(false);
  });

  it("ArnEquals / ArnLike / ArnNotLike on aws:SourceArn", () => {
    expect(cond({ ArnEquals: { "aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA" } })).toBe(true);
    expect(cond({ ArnLike: { "aws:SourceArn": "arn:aws:rolesanywhere:*:123456789012:trust-anchor/*" } })).toBe(true);
    expect(cond({ ArnNotLike: { "aws:SourceArn": "arn:aws:rolesanywhere:*:999999999999:*" } })).toBe(true);
  });

  it("keys inside one operator and several operators are AND-ed", () => {
    expect(cond({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule", "aws:SourceAccount": "123456789012" } })).toBe(true);
    expect(cond({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule", "aws:SourceAccount": "1" } })).toBe(false);
    expect(
      cond({
        StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" },
        StringLike: { "aws:PrincipalTag/x509Subject/OU": "Nope*" },
      }),
    ).toBe(false);
  });

  it("an unknown operator never matches", () => {
    expect(cond({ StringSortOf: { "aws:SourceAccount": "123456789012" } })).toBe(false);
  });
});

describe("missing keys", () => {
  const missing = "aws:PrincipalTag/x509SAN/DNS";
  it("make positive operators false and negated operators true", () => {
    expect(cond({ StringEquals: { [missing]: "x" } })).toBe(false);
    expect(cond({ StringLike: { [missing]: "*" } })).toBe(false);
    expect(cond({ StringNotEquals: { [missing]: "x" } })).toBe(true);
    expect(cond({ StringNotLike: { [missing]: "*" } })).toBe(true);
  });

  it("…IfExists is true when the key is missing and applies the operator when present", () => {
    expect(cond({ StringEqualsIfExists: { [missing]: "x" } })).toBe(true);
    expect(cond({ StringEqualsIfExists: { "aws:PrincipalTag/x509Subject/CN": "x" } })).toBe(false);
    expect(cond({ StringEqualsIfExists: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } })).toBe(true);
  });

  it("Null tests presence", () => {
    expect(cond({ Null: { [missing]: "true" } })).toBe(true);
    expect(cond({ Null: { [missing]: "false" } })).toBe(false);
    expect(cond({ Null: { "aws:PrincipalTag/x509Subject/CN": "false" } })).toBe(true);
    expect(cond({ Null: { "aws:PrincipalTag/x509Subject/CN": true } })).toBe(false);
  });
});

describe("set operators", () => {
  it("ForAnyValue: true when any request value matches; false on a missing or empty key", () => {
    expect(cond({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["x509Subject/CN", "other"] } })).toBe(true);
    expect(cond({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["other"] } })).toBe(false);
    expect(cond({ "ForAnyValue:StringEquals": { "aws:Missing": ["x"] } })).toBe(false);
    expect(cond({ "ForAnyValue:StringEquals": { "aws:EmptySet": ["x"] } })).toBe(false);
  });

  it("ForAllValues: true when every request value matches; true on a missing or empty key", () => {
    expect(cond({ "ForAllValues:StringLike": { "aws:TagKeys": ["x509Subject/*"] } })).toBe(true);
    expect(cond({ "ForAllValues:StringEquals": { "aws:TagKeys": ["x509Subject/CN"] } })).toBe(false);
    expect(cond({ "ForAllValues:StringEquals": { "aws:Missing": ["x"] } })).toBe(true);
    expect(cond({ "ForAllValues:StringEquals": { "aws:EmptySet": ["x"] } })).toBe(true);
  });

  it("negated operators under set qualifiers work per request value", () => {
    expect(cond({ "ForAllValues:StringNotEquals": { "aws:TagKeys": ["x509Issuer/CN"] } })).toBe(true);
    expect(cond({ "ForAnyValue:StringNotLike": { "aws:TagKeys": ["x509Subject/CN"] } })).toBe(true);
    expect(cond({ "ForAllValues:StringNotLike": { "aws:TagKeys": ["x509Subject/*"] } })).toBe(false);
  });
});

describe("policy evaluation", () => {
  const allow = (extra: object = {}) => ({
    Effect: "Allow",
    Principal: { Service: "rolesanywhere.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    ...extra,
  });

  it("allows the three required actions for the Roles Anywhere service principal", () => {
    expect(evaluateTrustPolicy({ Statement: [allow()] }, ctx)).toEqual({ allowed: true, denied: [] });
  });

  it("a single statement object (not an array) works", () => {
    expect(evaluateTrustPolicy({ Statement: allow() }, ctx).allowed).toBe(true);
  });

  it("explicit Deny beats Allow", () => {
    const policy = { Statement: [allow(), { Effect: "Deny", Principal: "*", Action: "sts:TagSession" }] };
    expect(evaluateTrustPolicy(policy, ctx)).toEqual({ allowed: false, denied: [{ action: "sts:TagSession", decision: "Deny" }] });
  });

  it("every required action must be allowed (TagSession may sit in a separate statement with its own condition)", () => {
    const assumeOnly = { ...allow(), Action: ["sts:AssumeRole", "sts:SetSourceIdentity"] };
    expect(evaluateTrustPolicy({ Statement: [assumeOnly] }, ctx).denied).toEqual([{ action: "sts:TagSession", decision: "ImplicitDeny" }]);
    const tagWithCondition = {
      ...allow(),
      Action: "sts:TagSession",
      Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" } },
    };
    expect(evaluateTrustPolicy({ Statement: [assumeOnly, tagWithCondition] }, ctx).allowed).toBe(true);
  });

  it("actions are case-insensitive and may use wildcards", () => {
    expect(evaluateTrustPolicy({ Statement: [{ ...allow(), Action: "STS:*" }] }, ctx).allowed).toBe(true);
    expect(evaluateTrustPolicy({ Statement: [{ ...allow(), Action: "*" }] }, ctx).allowed).toBe(true);
  });

  it("NotAction allows everything but the listed actions", () => {
    const policy = { Statement: [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, NotAction: "sts:TagSession" }] };
    expect(evaluateTrustPolicy(policy, ctx).denied.map((d) => d.action)).toEqual(["sts:TagSession"]);
  });

  it("another service principal does not match; '*' and {AWS: '*'} do", () => {
    const other = { ...allow(), Principal: { Service: "ec2.amazonaws.com" } };
    expect(evaluatePolicy({ Statement: [other] }, ROLES_ANYWHERE_PRINCIPAL, "sts:AssumeRole", ctx)).toBe("ImplicitDeny");
    expect(evaluatePolicy({ Statement: [{ ...allow(), Principal: "*" }] }, ROLES_ANYWHERE_PRINCIPAL, "sts:AssumeRole", ctx)).toBe("Allow");
    expect(evaluatePolicy({ Statement: [{ ...allow(), Principal: { AWS: "*" } }] }, ROLES_ANYWHERE_PRINCIPAL, "sts:AssumeRole", ctx)).toBe(
      "Allow",
    );
  });

  it("a failed condition means no Allow (implicit deny)", () => {
    const policy = { Statement: [allow({ Condition: { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "GabrielAngelos" } } })] };
    expect(evaluateTrustPolicy(policy, ctx).allowed).toBe(false);
  });

  it("a Deny whose condition fails does not apply", () => {
    const policy = {
      Statement: [allow(), { Effect: "Deny", Principal: "*", Action: "sts:*", Condition: { StringEquals: { "aws:SourceAccount": "1" } } }],
    };
    expect(evaluateTrustPolicy(policy, ctx).allowed).toBe(true);
  });
});

describe("Bool and Numeric operators", () => {
  const c = createConditionContext({ "aws:SecureTransport": "true", "aws:MultiFactorAuthAge": "300" });
  it("Bool compares true/false case-insensitively", () => {
    expect(evaluateCondition({ Bool: { "aws:SecureTransport": "TRUE" } }, c)).toBe(true);
    expect(evaluateCondition({ Bool: { "aws:SecureTransport": false } }, c)).toBe(false);
  });
  it("Numeric operators compare numbers, and a non-number never matches", () => {
    expect(evaluateCondition({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, c)).toBe(true);
    expect(evaluateCondition({ NumericGreaterThanEquals: { "aws:MultiFactorAuthAge": 300 } }, c)).toBe(true);
    expect(evaluateCondition({ NumericGreaterThan: { "aws:MultiFactorAuthAge": 300 } }, c)).toBe(false);
    expect(evaluateCondition({ NumericNotEquals: { "aws:MultiFactorAuthAge": 300 } }, c)).toBe(false);
    expect(evaluateCondition({ NumericEquals: { "aws:MultiFactorAuthAge": "abc" } }, c)).toBe(false);
  });
});

describe("AWS principals (a role session calling AssumeRole)", () => {
  const session = {
    type: "AWS" as const,
    id: "arn:aws:sts::111111111111:assumed-role/Hub/0a1b",
    aliases: ["arn:aws:iam::111111111111:role/Hub", "arn:aws:iam::111111111111:root"],
  };
  const policy = (aws: unknown) => ({ Statement: [{ Effect: "Allow", Principal: { AWS: aws }, Action: "sts:AssumeRole" }] });
  it.each([
    ["the role ARN", "arn:aws:iam::111111111111:role/Hub", "Allow"],
    ["the session ARN", "arn:aws:sts::111111111111:assumed-role/Hub/0a1b", "Allow"],
    ["the account root", "arn:aws:iam::111111111111:root", "Allow"],
    ["the account id", "111111111111", "Allow"],
    ["one of a list", ["arn:aws:iam::333333333333:root", "arn:aws:iam::111111111111:role/Hub"], "Allow"],
    ["another session of the role", "arn:aws:sts::111111111111:assumed-role/Hub/other", "ImplicitDeny"],
    ["another account", "222222222222", "ImplicitDeny"],
    ["the role ARN in another case (ARNs compare exactly)", "arn:aws:iam::111111111111:role/hub", "ImplicitDeny"],
    ["the service principal's name", "rolesanywhere.amazonaws.com", "ImplicitDeny"],
  ])("%s → %s", (_what, aws, decision) => {
    expect(evaluatePolicy(policy(aws), session, "sts:AssumeRole", ctx)).toBe(decision);
  });

  it("a Service principal never matches a role session, and an AWS principal never matches the service", () => {
    expect(
      evaluatePolicy(
        { Statement: [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        session,
        "sts:AssumeRole",
        ctx,
      ),
    ).toBe("ImplicitDeny");
    expect(evaluatePolicy(policy("111111111111"), ROLES_ANYWHERE_PRINCIPAL, "sts:AssumeRole", ctx)).toBe("ImplicitDeny");
  });
});
