/** Emulators for tests: trust anchor `TA`, profile `PROFILE` and one role, trusting a given CA. */
import { type Emulator, startEmulator } from "../../src/emulator";
import type { EmulatorEvent, EmulatorOptions } from "../../src/emulator/types";
import { testCa } from "./fixtures";
import type { TestCert } from "./pki";
import { callCreateSession } from "./signCreateSession";

/** ARN of the role `name` in the emulator's default account. */
export const roleArnOf = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;

/**
 * An emulator whose trust anchor `TA` holds `caPem` and whose profile `PROFILE` lists the role
 * `roleName` (default trust policy). The caller closes it.
 */
export const startEmulatorTrusting = (caPem: string, roleName = "App", options: EmulatorOptions = {}): Promise<Emulator> =>
  startEmulator({
    trustAnchors: [{ id: "TA", certificates: [caPem] }],
    profiles: [{ id: "PROFILE", roleArns: [roleArnOf(roleName)] }],
    roles: [{ name: roleName }],
    ...options,
  });

/** One trusting the shared test CA, with the fixture ARNs; `events` collects what the emulator answered. The caller closes it. */
export const startTestEmulator = async (options: EmulatorOptions = {}) => {
  const events: EmulatorEvent[] = [];
  const ca = await testCa();
  const emulator = await startEmulatorTrusting(ca.certificatePem, "test-role", { onEvent: (event) => events.push(event), ...options });
  const createSessions = () => events.filter((event) => event.operation === "CreateSession");
  return { emulator, events, createSessions };
};

/**
 * An emulator trusting `anchor` (fixture profile and role), its `events`, and `call(leaf, chain)`
 * which signs and sends a CreateSession for `leaf` with the test client. The caller closes it.
 */
export const startCallingEmulator = async (anchor: TestCert) => {
  const { emulator, events } = await startTestEmulator({ trustAnchors: [{ id: "TA", certificates: [anchor.certificatePem] }] });
  const arns = {
    trustAnchorArn: emulator.arns.trustAnchors.TA!,
    profileArn: emulator.arns.profiles.PROFILE!,
    roleArn: emulator.arns.roles["test-role"]!,
  };
  const call = (leaf: TestCert, chain?: TestCert[]) => callCreateSession({ url: emulator.url, leaf, ...(chain ? { chain } : {}), ...arns });
  return { emulator, events, call };
};
