import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorEvent } from "../../src/emulator";
import { createTestCa, issueTestCertificate } from "../support/pki";
import { callCreateSession } from "../support/signCreateSession";

const ROLE = "arn:aws:iam::123456789012:role/App";
const started: Emulator[] = [];
const start = async (...args: Parameters<typeof startEmulator>) => {
  const emu = await startEmulator(...args);
  started.push(emu);
  return emu;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

describe("the emulator's server", () => {
  it("listens on 127.0.0.1 and an ephemeral port by default; STS shares the listener", async () => {
    const emu = await start();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.port).toBeGreaterThan(0);
    expect(emu.stsUrl).toBe(emu.url);
  });

  it("answers an unknown route with a JSON 404", async () => {
    const emu = await start();
    const response = await fetch(`${emu.url}/nothing`);
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    expect(await response.json()).toEqual({ __type: "UnknownOperationException", message: "Unknown operation" });
  });

  it("closes promptly with a keep-alive connection still open, and close() is idempotent", async () => {
    const emu = await start();
    const agent = new Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        request(`${emu.url}/x`, { agent }, (res) => {
          res.resume();
          res.on("end", resolve);
        })
          .on("error", reject)
          .end();
      });
      await emu.close();
      await emu.close();
      await expect(fetch(`${emu.url}/x`)).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it("accepts a chunked body (as aws_signing_helper 1.4.0 sends it) and headers far above Node's 16 KiB default", async () => {
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca });
    const emu = await start({
      trustAnchors: [{ id: "TA", certificates: [ca.certificatePem] }],
      profiles: [{ id: "P", roleArns: [ROLE] }],
      roles: [{ name: "App" }],
    });
    const base = { url: emu.url, leaf, trustAnchorArn: emu.arns.trustAnchors["TA"]!, profileArn: emu.arns.profiles["P"]!, roleArn: ROLE };
    expect((await callCreateSession({ ...base, durationSeconds: 3600, chunked: true })).status).toBe(201);
    const big = await callCreateSession({ ...base, extraHeaders: { "x-padding": "a".repeat(40_000) } });
    expect(big.status).toBe(201);
  });

  it("accepts a five-certificate chain of RSA certificates", async () => {
    const root = await createTestCa({ commonName: "R", key: { type: "RSA", bits: 2048 } });
    let issuer = root;
    const mids = [];
    for (let i = 0; i < 4; i++) {
      issuer = await createTestCa({ commonName: `M${i}`, issuer, key: { type: "RSA", bits: 2048 } });
      mids.push(issuer);
    }
    const leaf = await issueTestCertificate({ issuer, key: { type: "RSA", bits: 2048 } });
    const emu = await start({
      trustAnchors: [{ id: "TA", certificates: [root.certificatePem] }],
      profiles: [{ id: "P", roleArns: [ROLE] }],
      roles: [{ name: "App" }],
    });
    const result = await callCreateSession({
      url: emu.url,
      leaf,
      chain: [...mids].reverse().concat(root), // 5 certificates, root included
      trustAnchorArn: emu.arns.trustAnchors["TA"]!,
      profileArn: emu.arns.profiles["P"]!,
      roleArn: ROLE,
    });
    expect(result.status).toBe(201);
  });

  it("reports every outcome with a detailed reason through onEvent, without secrets", async () => {
    const events: EmulatorEvent[] = [];
    const ca = await createTestCa();
    const leaf = await issueTestCertificate({ issuer: ca });
    const emu = await start({
      trustAnchors: [{ id: "TA", certificates: [ca.certificatePem], enabled: false }],
      profiles: [{ id: "P", roleArns: [ROLE] }],
      roles: [{ name: "App" }],
      onEvent: (e) => events.push(e),
    });
    await callCreateSession({
      url: emu.url,
      leaf,
      trustAnchorArn: emu.arns.trustAnchors["TA"]!,
      profileArn: emu.arns.profiles["P"]!,
      roleArn: ROLE,
    });
    expect(events).toEqual([
      {
        operation: "CreateSession",
        status: 403,
        errorType: "AccessDeniedException",
        message: "Untrusted signing certificate",
        reason: "trust anchor TA is disabled",
      },
    ]);
  });
});
