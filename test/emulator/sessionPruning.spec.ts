// state.sessions is pruned: a session is dropped 15 minutes after it expires, when a new one is issued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPIRED_SESSION_RETENTION_MS, startEmulator, type Emulator } from "../../src/emulator";
import { createTestCa, issueTestCertificate, type TestCert } from "../support/pki";
import { callSts } from "../support/hmacSigner";
import { callCreateSession } from "../support/signCreateSession";

const ROLE = "arn:aws:iam::123456789012:role/App";
const MINUTE = 60_000;
const T0 = new Date(Date.UTC(2026, 10, 25, 1, 0, 0));
let ca: TestCert;
let leaf: TestCert;
let emu: Emulator;
let clock = T0;

beforeAll(async () => {
  ca = await createTestCa({ notBefore: new Date(T0.getTime() - 86_400_000), notAfter: new Date(T0.getTime() + 10 * 86_400_000) });
  leaf = await issueTestCertificate({
    issuer: ca,
    notBefore: new Date(T0.getTime() - 86_400_000),
    notAfter: new Date(T0.getTime() + 10 * 86_400_000),
  });
  emu = await startEmulator({
    trustAnchors: [{ id: "TA", certificates: ca.certificatePem }],
    profiles: [{ id: "P", roleArns: [ROLE], durationSeconds: 900 }],
    roles: [{ name: "App" }],
    now: () => clock,
  });
});
afterAll(async () => {
  await emu?.close();
});

/** A new session at `at` (the emulator's clock is set there first). */
async function sessionAt(at: Date) {
  clock = at;
  const result = await callCreateSession({
    url: emu.url,
    leaf,
    trustAnchorArn: emu.arns.trustAnchors.TA!,
    profileArn: emu.arns.profiles.P!,
    roleArn: ROLE,
    date: at,
  });
  expect(result.status).toBe(201);
  return (result.body as { credentialSet: { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }[] })
    .credentialSet[0]!.credentials;
}

const stsCode = async (creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) => {
  const { text } = await callSts({ url: emu.stsUrl, ...creds, date: clock });
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? "OK";
};

describe("expired sessions are dropped", () => {
  it("keeps an expired session for 15 minutes (ExpiredToken), then drops it when a new session is issued", async () => {
    expect(EXPIRED_SESSION_RETENTION_MS).toBe(15 * MINUTE);
    const first = await sessionAt(T0); // expires at T0 + 15 min (durationSeconds 900)
    const expiresAt = T0.getTime() + 15 * MINUTE;

    const second = await sessionAt(new Date(expiresAt + 15 * MINUTE - 1000)); // 1 s before the cutoff
    expect([...emu.state.sessions.keys()]).toEqual([first.accessKeyId, second.accessKeyId]);
    expect(await stsCode(first)).toBe("ExpiredToken");

    const third = await sessionAt(new Date(expiresAt + 15 * MINUTE)); // exactly at the cutoff
    expect([...emu.state.sessions.keys()]).toEqual([second.accessKeyId, third.accessKeyId]);
    expect(await stsCode(first)).toBe("InvalidClientTokenId");
    expect(await stsCode(third)).toBe("OK");
  });

  it("pruneSessions drops only sessions past the retention and says how many", () => {
    const before = emu.state.sessions.size;
    expect(emu.state.pruneSessions(clock)).toBe(0);
    expect(emu.state.sessions.size).toBe(before);
    const latest = Math.max(...[...emu.state.sessions.values()].map((s) => s.expiration.getTime()));
    expect(emu.state.pruneSessions(new Date(latest + EXPIRED_SESSION_RETENTION_MS))).toBe(before);
    expect(emu.state.sessions.size).toBe(0);
  });
});
