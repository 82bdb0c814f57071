/** Emulators for tests: trust anchor `TA`, profile `PROFILE` and one role, trusting a given CA. */
import { type Emulator, startEmulator } from "../../src/emulator";
import type { EmulatorEvent, EmulatorOptions } from "../../src/emulator/types";
import { testCa } from "./fixtures";

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
