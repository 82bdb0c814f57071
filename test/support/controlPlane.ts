// Shared set-up of the control-plane tests: an emulator, SDK v3 clients with its admin
// credentials, and CSRs made like a user's tools make them.
import { generateKeyPairSync } from "node:crypto";
import { ACMPCAClient } from "@aws-sdk/client-acm-pca";
import { IAMClient } from "@aws-sdk/client-iam";
import { CreateTrustAnchorCommand, RolesAnywhereClient } from "@aws-sdk/client-rolesanywhere";
import { afterAll, beforeAll } from "vitest";
import { DEFAULT_TRUST_POLICY, startEmulator, type Emulator } from "../../src/emulator";
import type { EmulatorOptions } from "../../src/emulator";
import { buildCsr } from "../../src/emulator/pki/csr";
import { nameFromSubject } from "../../src/emulator/pki/distinguishedName";
import { encodePem } from "../../src/encoding/pem";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface ControlPlaneClients {
  emulator: Emulator;
  rolesAnywhere: RolesAnywhereClient;
  iam: IAMClient;
  pca: ACMPCAClient;
}

/** SDK v3 clients for the emulator, signed with `credentials` (default its admin credentials). */
export function clientsFor(
  emulator: Emulator,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = emulator.adminCredentials,
) {
  const config = { region: "us-east-1", endpoint: emulator.url, credentials: { ...credentials }, maxAttempts: 1 };
  return { rolesAnywhere: new RolesAnywhereClient(config), iam: new IAMClient(config), pca: new ACMPCAClient(config) };
}

/** An emulator and clients for one describe block; closed afterwards. */
export function useControlPlane(options: EmulatorOptions = {}): ControlPlaneClients {
  const ctx = {} as ControlPlaneClients;
  beforeAll(async () => {
    ctx.emulator = await startEmulator(options);
    Object.assign(ctx, clientsFor(ctx.emulator));
  });
  afterAll(async () => {
    for (const client of [ctx.rolesAnywhere, ctx.iam, ctx.pca]) client?.destroy();
    await ctx.emulator?.close();
  });
  return ctx;
}

/** A user's key (EC P-256) and a PEM CSR for `CN=<commonName>`. */
export function userCsr(commonName: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const der = buildCsr(nameFromSubject({ CommonName: commonName }), { privateKey, spki, pkcs8: new Uint8Array() }, "SHA256WITHECDSA");
  return { csrPem: encodePem("CERTIFICATE REQUEST", der), privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}

/** The lab's trust policy (AWS's default for Roles Anywhere roles), with an optional condition, as JSON text. */
export const trustPolicy = (condition?: object) =>
  JSON.stringify({
    ...DEFAULT_TRUST_POLICY,
    Statement: DEFAULT_TRUST_POLICY.Statement.map((s) => ({ ...s, ...(condition ? { Condition: condition } : {}) })),
  });

/** An enabled `CERTIFICATE_BUNDLE` trust anchor holding `caPem`, made through the SDK client. */
export async function createBundleAnchor(rolesAnywhere: RolesAnywhereClient, name: string, caPem: string) {
  const { trustAnchor } = await rolesAnywhere.send(
    new CreateTrustAnchorCommand({
      name,
      enabled: true,
      source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: caPem } },
    }),
  );
  return trustAnchor!;
}
