/** `fromRolesAnywhere` options for a test leaf against an emulator. */
import type { Emulator } from "../../src/emulator";
import type { FromRolesAnywhereInit } from "../../src/options/options";
import type { TestCert } from "./pki";

/** Options for `leaf` and `roleArn` at the emulator's trust anchor and profile (ids), without retries. */
export const emulatorInit = (
  emulator: Emulator,
  leaf: TestCert,
  roleArn: string,
  { trustAnchor = "TA", profile = "P" } = {},
): FromRolesAnywhereInit => ({
  trustAnchorArn: emulator.arns.trustAnchors[trustAnchor]!,
  profileArn: emulator.arns.profiles[profile]!,
  roleArn,
  certificate: leaf.certificatePem,
  privateKey: leaf.key.privateKeyPem,
  endpoint: emulator.url,
  maxRetries: 0,
});
