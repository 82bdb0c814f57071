import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fromRolesAnywhere, getRolesAnywhereCredentials, RolesAnywhereError } from "../src";
import { ARNS, testLeaf } from "./support/fixtures";
import { type CreateSessionStub, startCreateSessionStub } from "./support/stubServers";

let stub: CreateSessionStub;
beforeEach(async () => {
  stub = await startCreateSessionStub();
});
afterEach(async () => {
  await stub.close();
});

const values = async () => {
  const leaf = await testLeaf();
  return { ...ARNS, endpoint: stub.url, certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem };
};

describe("fromRolesAnywhere against a local CreateSession stub", () => {
  it("gets plain, complete credentials over node:http with a valid signature", async () => {
    const provider = fromRolesAnywhere(await values());
    const identity = await provider();
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request!.signatureValid).toBe(true);
    expect(request!.path).toBe("/sessions");
    expect(request!.query.get("roleArn")).toBe(ARNS.roleArn);
    expect(request!.body).toBe('{"durationSeconds":3600}');
    expect(request!.headers.host).toBe(new URL(stub.url).host);
    expect(identity.accessKeyId).toMatch(/^ASIA/);
    expect(identity.expiration).toBeInstanceOf(Date);
    expect(identity.accountId).toBe("123456789012");
    expect(Object.isExtensible(identity)).toBe(true);
    expect(await provider()).toEqual(identity);
    expect(stub.requests).toHaveLength(1);
  });

  it("gives every caller its own copy: one caller changing its object (as the SDK adds $source) never reaches the next", async () => {
    const provider = fromRolesAnywhere(await values());
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).not.toBe(b);
    expect(a.expiration).not.toBe(b.expiration);
    const original = { ...a, expiration: new Date(a.expiration) };
    const mutable = a as unknown as Record<string, unknown> & { expiration: Date };
    mutable["$source"] = { CREDENTIALS_CODE: "e" };
    mutable["accessKeyId"] = "changed";
    mutable.expiration.setTime(0);
    const c = await provider();
    expect(c).toEqual(original);
    expect(c).not.toHaveProperty("$source");
    expect(stub.requests).toHaveLength(1);
  });

  it("works with an injected WHATWG fetch", async () => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const identity = await getRolesAnywhereCredentials({
      ...(await values()),
      fetch: fetchSpy as never,
      durationSeconds: 900,
      roleSessionName: "my-session",
    });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(stub.requests[0]!.signatureValid).toBe(true);
    expect(stub.requests[0]!.body).toBe('{"durationSeconds":900,"roleSessionName":"my-session"}');
    expect(identity.sessionToken.length).toBeGreaterThan(10);
  });

  it("maps service errors to typed errors with type, status and message, without retrying 4xx", async () => {
    stub.reply = () => ({
      status: 403,
      headers: { "x-amzn-errortype": "AccessDeniedException" },
      body: JSON.stringify({ message: `Unable to assume role for ${ARNS.roleArn}.` }),
    });
    const error = (await fromRolesAnywhere(await values())().catch((caught: unknown) => caught)) as RolesAnywhereError;
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error.code).toBe("ERR_ACCESS_DENIED");
    expect(error.errorType).toBe("AccessDeniedException");
    expect(error.statusCode).toBe(403);
    expect(error.serviceMessage).toBe(`Unable to assume role for ${ARNS.roleArn}.`);
    expect(stub.requests).toHaveLength(1);
  });

  it("retries throttling and 5xx, re-signing each attempt", async () => {
    const original = stub.reply;
    stub.reply = (request, index) =>
      index === 0
        ? { status: 429, headers: { "x-amzn-errortype": "ThrottlingException", "retry-after": "0" }, body: '{"message":"Rate exceeded"}' }
        : index === 1
          ? { status: 503, body: "<html>unavailable</html>", headers: { "retry-after": "0" } }
          : original(request, index);
    const identity = await getRolesAnywhereCredentials(await values());
    expect(identity.accessKeyId).toMatch(/^ASIA/);
    expect(stub.requests).toHaveLength(3);
    expect(stub.requests.every((request) => request.signatureValid)).toBe(true);
  });

  it("gives up after maxRetries with the last error", async () => {
    stub.reply = () => ({ status: 500, body: '{"message":"boom"}', headers: { "retry-after": "0" } });
    const error = (await getRolesAnywhereCredentials({ ...(await values()), maxRetries: 1 }).catch(
      (caught: unknown) => caught,
    )) as RolesAnywhereError;
    expect(error.code).toBe("ERR_SERVICE");
    expect(stub.requests).toHaveLength(2);
  });

  it("times out a hung endpoint with ERR_TIMEOUT", async () => {
    stub.reply = () => new Promise(() => undefined);
    const error = (await getRolesAnywhereCredentials({ ...(await values()), timeout: 200, maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as RolesAnywhereError;
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it("reports a refused connection as ERR_NETWORK", async () => {
    const url = stub.url;
    await stub.close();
    const error = (await getRolesAnywhereCredentials({ ...(await values()), endpoint: url, maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    )) as RolesAnywhereError;
    expect(error.code).toBe("ERR_NETWORK");
    expect(error.message).toMatch(/ECONNREFUSED/);
    stub = await startCreateSessionStub();
  });

  it("refuses credentials that are already expired", async () => {
    stub.reply = () => ({
      status: 201,
      body: JSON.stringify({
        credentialSet: [
          {
            credentials: {
              accessKeyId: "ASIAEXAMPLEEXAMPLE01",
              secretAccessKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
              sessionToken: "FwoGZXIvYXdzEExampleSessionToken",
              expiration: "2001-01-01T00:00:00Z",
            },
          },
        ],
      }),
    });
    const error = (await getRolesAnywhereCredentials(await values()).catch((caught: unknown) => caught)) as RolesAnywhereError;
    expect(error.code).toBe("ERR_BAD_RESPONSE");
    expect(error.message).toMatch(/already|before now/);
  });

  it("logs the canonical request and string to sign at debug, never secrets", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(args.join(" ")),
      info: () => undefined,
      warn: (...args: unknown[]) => lines.push(args.join(" ")),
      error: () => undefined,
    };
    const init = await values();
    const identity = await fromRolesAnywhere({ ...init, logger })();
    const all = lines.join("\n");
    expect(all).toContain("canonical request:\nPOST\n/sessions\n");
    expect(all).toContain("string to sign:\nAWS4-X509-ECDSA-SHA256\n");
    expect(all).not.toContain(identity.secretAccessKey);
    expect(all).not.toContain(identity.sessionToken);
    expect(all).not.toContain((init.privateKey as string).split("\n")[1]!);
  });

  it("re-reads certificate and key files on every refresh (rotation on disk)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-files-"));
    try {
      const [first, second] = await Promise.all([testLeaf(), testLeaf()]);
      const certificateFile = join(dir, "cert.pem");
      const privateKeyFile = join(dir, "key.pem");
      writeFileSync(certificateFile, first.certificatePem);
      writeFileSync(privateKeyFile, first.key.privateKeyPem);
      const provider = fromRolesAnywhere({ ...ARNS, endpoint: stub.url, certificateFile, privateKeyFile });
      await provider();
      writeFileSync(certificateFile, second.certificatePem);
      writeFileSync(privateKeyFile, second.key.privateKeyPem);
      await provider({ forceRefresh: true });
      const serials = stub.requests.map((request) => /Credential=(\d+)\//.exec(request.headers.authorization!)![1]);
      expect(serials).toEqual([first.serial.toString(10), second.serial.toString(10)]);
      expect(stub.requests.every((request) => request.signatureValid)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a DER certificate file and a PEM holding the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-files-"));
    try {
      const leaf = await testLeaf({ type: "RSA", bits: 2048 });
      const certificateFile = join(dir, "cert.der");
      writeFileSync(certificateFile, leaf.certificateDer);
      writeFileSync(join(dir, "key.pem"), leaf.key.privateKeyPem);
      await getRolesAnywhereCredentials({ ...ARNS, endpoint: stub.url, certificateFile, privateKeyFile: join(dir, "key.pem") });
      expect(stub.requests[0]!.headers.authorization).toMatch(/^AWS4-X509-RSA-SHA256 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
