import { describe, expect, it } from "vitest";
import { createTrustContext } from "../../src/emulator/createSession/trustContext";

describe("trust policy context", () => {
  it("holds PrincipalTag/RequestTag per tag, TagKeys, SourceArn, SourceAccount and SourceIdentity (keys lower-cased)", () => {
    const ctx = createTrustContext({
      tags: { "x509Subject/CN": "A" },
      trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA",
      accountId: "123456789012",
      sourceIdentity: "CN=A",
      roleSessionName: "01",
      now: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(ctx.get("aws:principaltag/x509subject/cn")).toEqual(["A"]);
    expect(ctx.get("aws:requesttag/x509subject/cn")).toEqual(["A"]);
    expect(ctx.get("aws:tagkeys")).toEqual(["x509Subject/CN"]);
    expect(ctx.get("aws:sourcearn")).toEqual(["arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA"]);
    expect(ctx.get("aws:sourceaccount")).toEqual(["123456789012"]);
    expect(ctx.get("sts:sourceidentity")).toEqual(["CN=A"]);
    expect(ctx.get("aws:currenttime")).toEqual(["2026-01-01T00:00:00Z"]);
  });
});
