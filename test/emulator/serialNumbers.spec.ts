/** The emulator's reason for a request whose certificate has a zero, negative or empty serial says so. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator";
import type { EmulatorEvent } from "../../src/emulator/types";
import { callCreateSession } from "../support/signCreateSession";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";

let root: TestCert;
let emu: Emulator;
const events: EmulatorEvent[] = [];
beforeAll(async () => {
  root = await createTestCa({ commonName: "Serial Root" });
  emu = await startEmulator({
    trustAnchors: [{ id: "TA", certificates: [root.certificatePem] }],
    profiles: [{ id: "P", roleArns: ["arn:aws:iam::123456789012:role/App"] }],
    roles: [{ name: "App" }],
    onEvent: (e) => events.push(e),
  });
});
afterAll(async () => {
  await emu?.close();
});

describe("security: the emulator names the serial problem", () => {
  it.each([
    ["serial 0", Uint8Array.of(0x00), /the certificate serial number is 0 \(RFC 5280 requires a positive serial\)/],
    ["a negative serial (Credential=-5)", Uint8Array.of(0xfb), /the certificate serial number is negative \(-5; RFC 5280 requires a positive serial\)/],
    ["an empty serial", new Uint8Array(0), /X-Amz-X509 is not an X\.509 certificate: the serial number is empty/],
  ])("%s → 403 Invalid signature with that reason", async (_name, serialContents, reason) => {
    const leaf = await issueTestCertificate({ issuer: root, serialContents });
    events.length = 0;
    const result = await callCreateSession({ url: emu.url, leaf, trustAnchorArn: emu.arns.trustAnchors.TA!, profileArn: emu.arns.profiles.P!, roleArn: emu.arns.roles.App! });
    expect(result.status).toBe(403);
    expect(result.body).toEqual({ __type: "AccessDeniedException", message: "Invalid signature" });
    expect(events[0]!.reason).toMatch(reason);
  });
});
