import { describe, expect, it } from "vitest";
import { createConditionContext } from "../../src/emulator/policy/context";
import { evaluateTrustPolicy } from "../../src/emulator/policy/evaluatePolicy";
import { substitutePolicyVariables } from "../../src/emulator/policy/policyVariables";

const context = createConditionContext({
  "aws:PrincipalTag/x509Subject/CN": "DavianThule",
  "aws:PrincipalTag/x509Subject/OU": "Lab",
  "aws:PrincipalTag/x509SAN/DNS": "davian.lab.example",
  "sts:SourceIdentity": "CN=DavianThule",
});

const policy = (version: string, condition: Record<string, Record<string, string | string[]>>) => ({
  Version: version,
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "rolesanywhere.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      Condition: condition,
    },
  ],
});

describe("IAM policy variables in trust policies", () => {
  it("substitutes a key's value (key names case-insensitive), defaults and the special characters", () => {
    expect(substitutePolicyVariables("CN=${aws:principaltag/x509Subject/CN}", context)).toBe("CN=DavianThule");
    expect(substitutePolicyVariables("${aws:PrincipalTag/x509Subject/O, 'none'}", context)).toBe("none");
    expect(substitutePolicyVariables("${*}${?}${$}", context)).toBe("*?$");
    expect(substitutePolicyVariables("${aws:PrincipalTag/x509Subject/O}", context)).toBeUndefined();
    expect(substitutePolicyVariables("plain", context)).toBe("plain");
  });

  it("allows a condition that compares two keys through a variable (Version 2012-10-17)", () => {
    const p = policy("2012-10-17", { StringEquals: { "sts:SourceIdentity": "CN=${aws:PrincipalTag/x509Subject/CN}" } });
    expect(evaluateTrustPolicy(p, context).allowed).toBe(true);
  });

  it("uses variables inside StringLike patterns", () => {
    const p = policy("2012-10-17", { StringLike: { "aws:PrincipalTag/x509SAN/DNS": "*.${aws:PrincipalTag/x509Subject/OU}.example" } });
    expect(
      evaluateTrustPolicy(
        p,
        createConditionContext({ "aws:PrincipalTag/x509Subject/OU": "lab", "aws:PrincipalTag/x509SAN/DNS": "davian.lab.example" }),
      ).allowed,
    ).toBe(true);
  });

  it("does not substitute in the 2008-10-17 language: the text is literal", () => {
    const p = policy("2008-10-17", { StringEquals: { "sts:SourceIdentity": "CN=${aws:PrincipalTag/x509Subject/CN}" } });
    expect(evaluateTrustPolicy(p, context).allowed).toBe(false);
  });

  it("an unresolvable variable matches nothing", () => {
    const p = policy("2012-10-17", { StringEquals: { "aws:PrincipalTag/x509Subject/CN": "${aws:PrincipalTag/x509Subject/O}" } });
    expect(evaluateTrustPolicy(p, context).allowed).toBe(false);
  });
});
