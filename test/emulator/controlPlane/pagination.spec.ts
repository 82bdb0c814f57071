// Paging as the models define it: IAM's Marker/MaxItems/IsTruncated, Roles Anywhere's
// nextToken/pageSize, ACM PCA's NextToken/MaxResults; a token the emulator did not issue is refused.
import { ListCertificateAuthoritiesCommand } from "@aws-sdk/client-acm-pca";
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
  UpdateRoleDescriptionCommand,
} from "@aws-sdk/client-iam";
import { CreateProfileCommand, ListProfilesCommand } from "@aws-sdk/client-rolesanywhere";
import { describe, expect, it } from "vitest";
import { trustPolicy, useControlPlane } from "../../support/controlPlane";

describe("control-plane paging", () => {
  const ctx = useControlPlane();

  it("IAM ListRoles pages with Marker and MaxItems; tags round-trip", async () => {
    for (const name of ["PageA", "PageB", "PageC"]) {
      await ctx.iam.send(new CreateRoleCommand({ RoleName: name, Path: "/paged/", AssumeRolePolicyDocument: trustPolicy() }));
    }
    const first = await ctx.iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(["PageA", "PageB"]);
    expect(first.IsTruncated).toBe(true);
    const second = await ctx.iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker: first.Marker }));
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(["PageC"]);
    expect(second.IsTruncated).toBe(false);
    expect(second.Roles?.[0]?.Arn).toBe("arn:aws:iam::123456789012:role/paged/PageC");
    await expect(ctx.iam.send(new ListRolesCommand({ Marker: "not-a-marker" }))).rejects.toMatchObject({
      name: "InvalidInputException",
      $metadata: { httpStatusCode: 400 },
    });
    await ctx.iam.send(new TagRoleCommand({ RoleName: "PageA", Tags: [{ Key: "team", Value: "a+b:c/d" }] }));
    expect((await ctx.iam.send(new ListRoleTagsCommand({ RoleName: "PageA" }))).Tags).toEqual([{ Key: "team", Value: "a+b:c/d" }]);
    await expect(ctx.iam.send(new TagRoleCommand({ RoleName: "PageA", Tags: [{ Key: "x", Value: "<b>" }] }))).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("at 'tags.1.member.value' failed"),
    });
    // XML special characters survive the XML answer.
    await ctx.iam.send(new UpdateRoleDescriptionCommand({ RoleName: "PageB", Description: `a & <b> "c"` }));
    expect((await ctx.iam.send(new GetRoleCommand({ RoleName: "PageB" }))).Role?.Description).toBe(`a & <b> "c"`);
  });

  it("Roles Anywhere ListProfiles pages with nextToken and pageSize", async () => {
    for (const name of ["p1", "p2", "p3"]) {
      await ctx.rolesAnywhere.send(new CreateProfileCommand({ name, roleArns: ["arn:aws:iam::123456789012:role/PageA"] }));
    }
    const first = await ctx.rolesAnywhere.send(new ListProfilesCommand({ pageSize: 2 }));
    expect(first.profiles?.map((p) => p.name)).toEqual(["p1", "p2"]);
    const second = await ctx.rolesAnywhere.send(new ListProfilesCommand({ pageSize: 2, nextToken: first.nextToken }));
    expect(second.profiles?.map((p) => p.name)).toEqual(["p3"]);
    expect(second.nextToken).toBeUndefined();
    await expect(ctx.rolesAnywhere.send(new ListProfilesCommand({ nextToken: "bogus" }))).rejects.toMatchObject({
      name: "ValidationException",
    });
  });

  it("ACM PCA refuses a NextToken it did not issue", async () => {
    await expect(ctx.pca.send(new ListCertificateAuthoritiesCommand({ NextToken: "bogus" }))).rejects.toMatchObject({
      name: "InvalidNextTokenException",
      $metadata: { httpStatusCode: 400 },
    });
  });
});
