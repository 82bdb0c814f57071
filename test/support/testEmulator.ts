/** An emulator trusting the shared test CA, with the fixture ARNs (TA, PROFILE, test-role). */
import { startEmulator } from "../../src/emulator";
import type { EmulatorEvent, EmulatorOptions } from "../../src/emulator/types";
import { testCa } from "./fixtures";

/** Starts it; `events` collects what the emulator answered. The caller closes it. */
export const startTestEmulator = async (options: EmulatorOptions = {}) => {
  const events: EmulatorEvent[] = [];
  const ca = await testCa();
  const emulator = await startEmulator({
    trustAnchors: [{ id: "TA", certificates: [ca.certificatePem] }],
    profiles: [{ id: "PROFILE", roleArns: ["arn:aws:iam::123456789012:role/test-role"] }],
    roles: [{ name: "test-role" }],
    onEvent: (event) => events.push(event),
    ...options,
  });
  const createSessions = () => events.filter((event) => event.operation === "CreateSession");
  return { emulator, events, createSessions };
};
