/**
 * An emulator set up for role chaining: a hub account (the emulator's own) with a Roles Anywhere
 * role `Hub`, and a workload account whose role `Workload` trusts `Hub`. The trust policy allows
 * `sts:SetSourceIdentity` (a Roles Anywhere session always carries a source identity) and
 * `sts:TagSession`.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator";
import type { FromRolesAnywhereInit } from "../../src/index";
import { emulatorInit } from "./emulatorInit";
import { createTestCa, issueTestCertificate, type TestCert } from "./pki";

export const HUB_ACCOUNT = "111111111111";
export const WORKLOAD_ACCOUNT = "222222222222";
export const HUB_ROLE = `arn:aws:iam::${HUB_ACCOUNT}:role/Hub`;
export const WORKLOAD_ROLE = `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/Workload`;

export interface HubAndWorkload {
  readonly emulator: Emulator;
  readonly leaf: TestCert;
  /** Options for `fromRolesAnywhere` (the Hub role) against the emulator. */
  readonly init: FromRolesAnywhereInit;
  close(): Promise<void>;
}

/** The Workload role's trust policy: sessions of the Hub role may assume it. */
export const workloadTrustPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: HUB_ROLE },
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
    },
  ],
};

export const startHubAndWorkload = async (extra: EmulatorOptions = {}): Promise<HubAndWorkload> => {
  const ca = await createTestCa();
  const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "app" } });
  const emulator = await startEmulator({
    accountId: HUB_ACCOUNT,
    trustAnchors: [{ id: "TA", certificates: ca.certificatePem }],
    profiles: [{ id: "P", roleArns: [HUB_ROLE] }],
    roles: [{ name: "Hub" }, { name: "Workload", accountId: WORKLOAD_ACCOUNT, trustPolicy: workloadTrustPolicy }],
    ...extra,
  });
  return {
    emulator,
    leaf,
    init: emulatorInit(emulator, leaf, HUB_ROLE),
    close: () => emulator.close(),
  };
};
