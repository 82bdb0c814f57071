// Every Roles Anywhere operation, driven from the SDK v3 client's command list and the service
// model: a command or model operation without a recipe here fails the test, so a new operation
// cannot go unhandled. Operations the installed client predates are sent as signed rest-json.
import * as sdk from "@aws-sdk/client-rolesanywhere";
import { describe, expect, it } from "vitest";
import { ROLES_ANYWHERE_MODEL } from "../../../src/emulator/controlPlane/models/rolesAnywhere";
import { ROLES_ANYWHERE_OPERATIONS } from "../../../src/emulator/services/rolesAnywhere/operations";
import { fromRolesAnywhere } from "../../../src/index";
import { createTestCa, createTestCrl, issueTestCertificate, type TestCert } from "../../support/pki";
import { signedFetch } from "../../support/signedFetch";
import { useControlPlane, type ControlPlaneClients } from "../../support/controlPlane";

type Fixture = {
  ca: TestCert;
  leaf: TestCert;
  anchorId?: string;
  anchorArn?: string;
  profileId?: string;
  profileArn?: string;
  crlId?: string;
  crlPem?: string;
  subjectId?: string;
};
type Output = Record<string, any>;
interface Recipe {
  /** SDK input (also the JSON body / path of the signed fallback). */
  input: (f: Fixture) => Record<string, unknown>;
  /** How to send it when the installed client has no such command. */
  raw?: (f: Fixture) => { method: string; path: string; body?: unknown };
  check: (out: Output, f: Fixture, ctx: ControlPlaneClients) => void | Promise<void>;
}

const ROLE_ARN = "arn:aws:iam::123456789012:role/Ops";

/** In the order they run: creations first, deletions last. */
const RECIPES: Record<string, Recipe> = {
  CreateTrustAnchor: {
    input: (f) => ({
      name: "ops-anchor",
      enabled: true,
      source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: f.ca.certificatePem } },
      tags: [{ key: "team", value: "ops" }],
    }),
    check: (out, f) => {
      expect(out.trustAnchor).toMatchObject({ name: "ops-anchor", enabled: true, source: { sourceType: "CERTIFICATE_BUNDLE" } });
      f.anchorId = out.trustAnchor.trustAnchorId;
      f.anchorArn = out.trustAnchor.trustAnchorArn;
    },
  },
  CreateProfile: {
    input: () => ({
      name: "ops-profile",
      roleArns: [ROLE_ARN],
      enabled: true,
      durationSeconds: 1800,
      acceptRoleSessionName: true,
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      sessionPolicy: '{"Version":"2012-10-17","Statement":[]}',
      requireInstanceProperties: false,
    }),
    check: (out, f) => {
      expect(out.profile).toMatchObject({
        name: "ops-profile",
        roleArns: [ROLE_ARN],
        durationSeconds: 1800,
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      });
      f.profileId = out.profile.profileId;
      f.profileArn = out.profile.profileArn;
    },
  },
  ImportCrl: {
    input: (f) => ({ name: "ops-crl", crlData: new TextEncoder().encode(f.crlPem!), trustAnchorArn: f.anchorArn, enabled: false }),
    check: (out, f) => {
      expect(out.crl).toMatchObject({ name: "ops-crl", enabled: false, trustAnchorArn: f.anchorArn });
      f.crlId = out.crl.crlId;
    },
  },
  ListSubjects: {
    input: () => ({}),
    check: async (out, f, ctx) => {
      expect(out.subjects).toEqual([]);
      // A CreateSession records a subject.
      await fromRolesAnywhere({
        trustAnchorArn: f.anchorArn!,
        profileArn: f.profileArn!,
        roleArn: ROLE_ARN,
        certificate: f.leaf.certificatePem,
        privateKey: f.leaf.key.privateKeyPem,
        endpoint: ctx.emulator.url,
        region: "us-east-1",
        maxRetries: 0,
      })();
      const again = await ctx.rolesAnywhere.send(new sdk.ListSubjectsCommand({}));
      expect(again.subjects?.map((s) => s.x509Subject)).toEqual(["CN=ops-user"]);
      f.subjectId = again.subjects![0]!.subjectId;
    },
  },
  GetSubject: {
    input: (f) => ({ subjectId: f.subjectId }),
    check: (out, f) => {
      expect(out.subject).toMatchObject({ subjectId: f.subjectId, x509Subject: "CN=ops-user", enabled: true });
      expect(out.subject.credentials[0]).toMatchObject({
        issuer: "CN=Ops CA",
        enabled: true,
        failed: false,
        serialNumber: f.leaf.serial.toString(),
      });
    },
  },
  GetTrustAnchor: {
    input: (f) => ({ trustAnchorId: f.anchorId }),
    check: (out, f) => expect(out.trustAnchor.trustAnchorArn).toBe(f.anchorArn),
  },
  ListTrustAnchors: {
    input: () => ({ pageSize: 10 }),
    check: (out, f) => expect(out.trustAnchors.map((a: Output) => a.trustAnchorId)).toEqual([f.anchorId]),
  },
  UpdateTrustAnchor: {
    input: (f) => ({ trustAnchorId: f.anchorId, name: "ops-anchor-2" }),
    check: (out) => expect(out.trustAnchor.name).toBe("ops-anchor-2"),
  },
  DisableTrustAnchor: { input: (f) => ({ trustAnchorId: f.anchorId }), check: (out) => expect(out.trustAnchor.enabled).toBe(false) },
  EnableTrustAnchor: { input: (f) => ({ trustAnchorId: f.anchorId }), check: (out) => expect(out.trustAnchor.enabled).toBe(true) },
  PutNotificationSettings: {
    input: (f) => ({
      trustAnchorId: f.anchorId,
      notificationSettings: [{ enabled: false, event: "CA_CERTIFICATE_EXPIRY", threshold: 30, channel: "ALL" }],
    }),
    raw: (f) => ({ method: "PATCH", path: "/put-notifications-settings", body: RECIPES["PutNotificationSettings"]!.input(f) }),
    check: (out) => {
      const ca = out.trustAnchor.notificationSettings.find((s: Output) => s.event === "CA_CERTIFICATE_EXPIRY");
      expect(ca).toMatchObject({ enabled: false, threshold: 30, configuredBy: "arn:aws:iam::123456789012:root" });
    },
  },
  ResetNotificationSettings: {
    input: (f) => ({ trustAnchorId: f.anchorId, notificationSettingKeys: [{ event: "CA_CERTIFICATE_EXPIRY", channel: "ALL" }] }),
    raw: (f) => ({ method: "PATCH", path: "/reset-notifications-settings", body: RECIPES["ResetNotificationSettings"]!.input(f) }),
    check: (out) => {
      const ca = out.trustAnchor.notificationSettings.find((s: Output) => s.event === "CA_CERTIFICATE_EXPIRY");
      expect(ca).toMatchObject({ enabled: true, threshold: 45, configuredBy: "rolesanywhere.amazonaws.com" });
    },
  },
  GetProfile: { input: (f) => ({ profileId: f.profileId }), check: (out, f) => expect(out.profile.profileArn).toBe(f.profileArn) },
  ListProfiles: { input: () => ({}), check: (out, f) => expect(out.profiles.map((p: Output) => p.profileId)).toEqual([f.profileId]) },
  UpdateProfile: {
    input: (f) => ({ profileId: f.profileId, durationSeconds: 900, name: "ops-profile-2" }),
    check: (out) => expect(out.profile).toMatchObject({ durationSeconds: 900, name: "ops-profile-2" }),
  },
  DisableProfile: { input: (f) => ({ profileId: f.profileId }), check: (out) => expect(out.profile.enabled).toBe(false) },
  EnableProfile: { input: (f) => ({ profileId: f.profileId }), check: (out) => expect(out.profile.enabled).toBe(true) },
  PutAttributeMapping: {
    input: (f) => ({ profileId: f.profileId, certificateField: "x509SAN", mappingRules: [{ specifier: "DNS" }] }),
    raw: (f) => ({
      method: "PUT",
      path: `/profiles/${f.profileId}/mappings`,
      body: { certificateField: "x509SAN", mappingRules: [{ specifier: "DNS" }] },
    }),
    check: (out) =>
      expect(out.profile.attributeMappings).toContainEqual({ certificateField: "x509SAN", mappingRules: [{ specifier: "DNS" }] }),
  },
  DeleteAttributeMapping: {
    input: (f) => ({ profileId: f.profileId, certificateField: "x509Subject", specifiers: ["*"] }),
    raw: (f) => ({ method: "DELETE", path: `/profiles/${f.profileId}/mappings?certificateField=x509Subject&specifiers=*` }),
    check: (out) => expect(out.profile.attributeMappings).toContainEqual({ certificateField: "x509Subject", mappingRules: [] }),
  },
  GetCrl: { input: (f) => ({ crlId: f.crlId }), check: (out, f) => expect(out.crl.crlId).toBe(f.crlId) },
  ListCrls: { input: () => ({}), check: (out, f) => expect(out.crls.map((c: Output) => c.crlId)).toEqual([f.crlId]) },
  UpdateCrl: { input: (f) => ({ crlId: f.crlId, name: "ops-crl-2" }), check: (out) => expect(out.crl.name).toBe("ops-crl-2") },
  EnableCrl: { input: (f) => ({ crlId: f.crlId }), check: (out) => expect(out.crl.enabled).toBe(true) },
  DisableCrl: { input: (f) => ({ crlId: f.crlId }), check: (out) => expect(out.crl.enabled).toBe(false) },
  TagResource: { input: (f) => ({ resourceArn: f.profileArn, tags: [{ key: "env", value: "test" }] }), check: () => {} },
  ListTagsForResource: {
    input: (f) => ({ resourceArn: f.profileArn }),
    check: (out) => expect(out.tags).toEqual([{ key: "env", value: "test" }]),
  },
  UntagResource: {
    input: (f) => ({ resourceArn: f.profileArn, tagKeys: ["env"] }),
    check: async (_out, f, ctx) =>
      expect((await ctx.rolesAnywhere.send(new sdk.ListTagsForResourceCommand({ resourceArn: f.profileArn }))).tags).toEqual([]),
  },
  DeleteCrl: { input: (f) => ({ crlId: f.crlId }), check: (out, f) => expect(out.crl.crlId).toBe(f.crlId) },
  DeleteProfile: { input: (f) => ({ profileId: f.profileId }), check: (out, f) => expect(out.profile.profileId).toBe(f.profileId) },
  DeleteTrustAnchor: {
    input: (f) => ({ trustAnchorId: f.anchorId }),
    check: async (out, f, ctx) => {
      expect(out.trustAnchor.trustAnchorId).toBe(f.anchorId);
      await expect(ctx.rolesAnywhere.send(new sdk.GetTrustAnchorCommand({ trustAnchorId: f.anchorId }))).rejects.toMatchObject({
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 404 },
      });
    },
  },
};

const sdkCommands = Object.keys(sdk)
  .filter((name) => /^[A-Z]\w+Command$/.test(name))
  .map((name) => name.slice(0, -"Command".length));

describe("every Roles Anywhere operation", () => {
  const ctx = useControlPlane({ roles: [{ name: "Ops" }] });

  it("the SDK client's commands and the model's operations all have a recipe and a handler", () => {
    expect(sdkCommands.length).toBeGreaterThan(20);
    for (const op of sdkCommands) expect(RECIPES, `no recipe for the SDK's ${op}Command`).toHaveProperty(op);
    for (const op of ROLES_ANYWHERE_MODEL.allOperations) {
      expect(RECIPES, `no recipe for the model's ${op}`).toHaveProperty(op);
      expect(ROLES_ANYWHERE_OPERATIONS, `no handler for the model's ${op}`).toHaveProperty(op);
    }
    expect(Object.keys(RECIPES).sort()).toEqual([...ROLES_ANYWHERE_MODEL.allOperations].sort());
  });

  it("each runs against the emulator and does what it says", async () => {
    const ca = await createTestCa({ commonName: "Ops CA" });
    const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "ops-user" } });
    const f: Fixture = { ca, leaf, crlPem: await createTestCrl({ issuer: ca, revokedSerials: [leaf.serial] }) };
    for (const [op, recipe] of Object.entries(RECIPES)) {
      let out: Output;
      const Command = (sdk as unknown as Record<string, new (input: unknown) => unknown>)[`${op}Command`];
      if (Command && !recipe.raw) {
        out = (await ctx.rolesAnywhere.send(new Command(recipe.input(f)) as never)) as Output;
      } else {
        const raw = (
          recipe.raw ??
          (() => {
            throw new Error(`${op}: the installed client has no command and the recipe no raw form`);
          })
        )(f);
        const response = await signedFetch({
          url: ctx.emulator.url,
          service: "rolesanywhere",
          ...ctx.emulator.adminCredentials,
          method: raw.method,
          path: raw.path,
          ...(raw.body === undefined ? {} : { body: JSON.stringify(raw.body), headers: { "content-type": "application/json" } }),
        });
        expect(response.status, `${op}: ${response.text}`).toBe(200);
        out = JSON.parse(response.text) as Output;
      }
      await recipe.check(out, f, ctx);
    }
  });
});
