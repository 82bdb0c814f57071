/** The emulator's reason for a request whose certificate has a zero, negative or empty serial says so. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestCert, createTestCa, issueTestCertificate } from "../support/pki";
import { startCallingEmulator } from "../support/testEmulator";

let root: TestCert;
let emu: Awaited<ReturnType<typeof startCallingEmulator>>;
beforeAll(async () => {
  root = await createTestCa({ commonName: "Serial Root" });
  emu = await startCallingEmulator(root);
});
afterAll(async () => {
  await emu?.emulator.close();
});

describe("security: the emulator names the serial problem", () => {
  it.each([
    ["serial 0", Uint8Array.of(0x00), /the certificate serial number is 0 \(RFC 5280 requires a positive serial\)/],
    [
      "a negative serial (Credential=-5)",
      Uint8Array.of(0xfb),
      /the certificate serial number is negative \(-5; RFC 5280 requires a positive serial\)/,
    ],
    ["an empty serial", new Uint8Array(0), /X-Amz-X509 is not an X\.509 certificate: the serial number is empty/],
  ])("%s → 403 Invalid signature with that reason", async (_name, serialContents, reason) => {
    emu.events.length = 0;
    const result = await emu.call(await issueTestCertificate({ issuer: root, serialContents }));
    expect(result.status).toBe(403);
    expect(result.body).toEqual({ __type: "AccessDeniedException", message: "Invalid signature" });
    expect(emu.events[0]!.reason).toMatch(reason);
  });
});
