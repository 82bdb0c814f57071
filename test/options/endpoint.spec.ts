import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src";
import { parseArn, partitionOf, resolveEndpoint } from "../../src/signing";
import { resolveOptions } from "../../src/options/options";

describe("resolveEndpoint", () => {
  it.each([
    ["us-east-1", {}, "https://rolesanywhere.us-east-1.amazonaws.com"],
    ["eu-west-1", { useFipsEndpoint: true }, "https://rolesanywhere-fips.eu-west-1.amazonaws.com"],
    ["ap-southeast-2", { useDualstackEndpoint: true }, "https://rolesanywhere.ap-southeast-2.api.aws"],
    ["us-east-2", { useFipsEndpoint: true, useDualstackEndpoint: true }, "https://rolesanywhere-fips.us-east-2.api.aws"],
    ["cn-north-1", {}, "https://rolesanywhere.cn-north-1.amazonaws.com.cn"],
    ["cn-northwest-1", { useDualstackEndpoint: true }, "https://rolesanywhere.cn-northwest-1.api.amazonwebservices.com.cn"],
    ["us-gov-west-1", {}, "https://rolesanywhere.us-gov-west-1.amazonaws.com"],
    ["us-gov-east-1", { useFipsEndpoint: true }, "https://rolesanywhere-fips.us-gov-east-1.amazonaws.com"],
    ["us-iso-east-1", {}, "https://rolesanywhere.us-iso-east-1.c2s.ic.gov"],
    ["us-isob-east-1", {}, "https://rolesanywhere.us-isob-east-1.sc2s.sgov.gov"],
  ])("%s %j → %s", (region, variant, expected) => {
    expect(resolveEndpoint(region, variant)).toBe(expected);
  });

  it("names the partition of a region", () => {
    expect(partitionOf("cn-north-1")?.name).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")?.name).toBe("aws-us-gov");
    expect(partitionOf("eu-central-2")?.name).toBe("aws");
    expect(partitionOf("moon-base")).toBeUndefined();
  });

  it("rejects a region that is not one, and dual-stack where the partition has none", () => {
    expect(() => resolveEndpoint("not a region")).toThrowError(/is not an AWS region/);
    try {
      resolveEndpoint("us-iso-east-1", { useDualstackEndpoint: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RolesAnywhereError);
      expect((error as RolesAnywhereError).code).toBe("ERR_INVALID_OPTION");
      expect((error as RolesAnywhereError).message).toMatch(/Dual-stack endpoints are not available in the aws-iso partition/);
    }
  });
});

describe("parseArn", () => {
  it("splits ARNs of every partition", () => {
    expect(parseArn("arn:aws-cn:rolesanywhere:cn-north-1:123456789012:profile/p")).toEqual({
      partition: "aws-cn",
      service: "rolesanywhere",
      region: "cn-north-1",
      accountId: "123456789012",
      resource: "profile/p",
    });
    expect(parseArn("arn:aws:iam::123456789012:role/path/to/name")?.resource).toBe("role/path/to/name");
  });

  it.each(["", "arn", "arn:aws:iam::12345:role/x", "arn:gcp:iam::123456789012:role/x", "xarn:aws:iam::123456789012:role/x"])(
    "returns undefined for %j",
    (text) => {
      expect(parseArn(text)).toBeUndefined();
    },
  );
});

describe("region syntax", () => {
  const arnsIn = (partition: string, region: string) => ({
    trustAnchorArn: `arn:${partition}:rolesanywhere:${region}:123456789012:trust-anchor/TA`,
    profileArn: `arn:${partition}:rolesanywhere:${region}:123456789012:profile/P`,
    roleArn: `arn:${partition}:iam::123456789012:role/r`,
  });

  it.each([
    ["aws", "us-east-1"],
    ["aws", "ap-southeast-5"],
    ["aws", "il-central-1"],
    ["aws", "mx-central-1"],
    ["aws-cn", "cn-north-1"],
    ["aws-us-gov", "us-gov-west-1"],
    ["aws-iso", "us-iso-east-1"],
    ["aws-iso-b", "us-isob-east-1"],
    ["aws-iso-e", "eu-isoe-west-1"],
    ["aws-iso-f", "us-isof-south-1"],
    ["aws-eusc", "eusc-de-east-1"],
  ])("accepts %s region %s (ARNs and region option, with an explicit endpoint too)", (partition, region) => {
    expect(partitionOf(region)?.name).toBe(partition);
    expect(() => resolveOptions({ ...arnsIn(partition, region), region, certificate: "x", endpoint: "http://127.0.0.1:1" })).not.toThrow();
  });

  it.each(["us-east1", "useast-1", "us-east-", "us-east-1a", "eusc-fr-east-1"])(
    "refuses the ARN region %s even with an explicit endpoint",
    (region) => {
      const error = (() => {
        try {
          resolveOptions({ ...arnsIn("aws", region), certificate: "x", endpoint: "http://127.0.0.1:1" });
        } catch (caught) {
          return caught as RolesAnywhereError;
        }
        throw new Error("accepted");
      })();
      expect(error.code).toBe("ERR_INVALID_ARN");
      expect(error.message).toContain(`has the region "${region}", which is not an AWS region name`);
    },
  );
});
