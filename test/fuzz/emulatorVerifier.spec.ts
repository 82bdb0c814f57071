/**
 * Fuzz: the emulator's CreateSession signature check either accepts a request or throws
 * its ServiceError 403 AccessDeniedException "Invalid signature"; and the router answers
 * every request (real ones damaged, random ones) with an AWS-shaped 4xx, never a 500.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyCreateSessionSignature } from "../../src/emulator/createSession/verifySignature";
import type { ReceivedRequest } from "../../src/emulator/http/receivedRequest";
import { route } from "../../src/emulator/http/router";
import { ServiceError } from "../../src/emulator/http/serviceError";
import { EmulatorState } from "../../src/emulator/state/EmulatorState";
import { signCreateSessionRequest } from "../../src/request/createSessionRequest";
import { loadSigningIdentity } from "../../src/identity/identity";
import { ARNS, testCa, testLeaf } from "../support/fixtures";
import { RUNS, mutatedBytes, mutatedText } from "../support/mutations";

const NOW = new Date();
let real: ReceivedRequest;
let state: EmulatorState;

beforeAll(async () => {
  const leaf = await testLeaf();
  state = new EmulatorState({});
  state.addRole({ name: "test-role" });
  state.addTrustAnchor({ id: "TA", certificates: [(await testCa()).certificatePem] });
  state.addProfile({ id: "PROFILE", roleArns: [ARNS.roleArn] });
  const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.key.privateKeyPem }, NOW);
  const signed = await signCreateSessionRequest(
    { endpoint: "http://127.0.0.1:4000", region: "us-east-1", durationSeconds: 3600, ...ARNS },
    identity,
    NOW,
  );
  const url = new URL(signed.url);
  real = {
    method: "POST",
    path: url.pathname,
    search: url.search.slice(1),
    headers: signed.headers,
    body: new TextEncoder().encode(signed.body),
  };
});

const options = () => ({ region: "us-east-1", now: NOW, clockSkewSeconds: 300 });

const verifies = (request: ReceivedRequest): void => {
  try {
    verifyCreateSessionSignature(request, options());
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 403, type: "AccessDeniedException", message: "Invalid signature" });
  }
};

const routes = (request: ReceivedRequest): void => {
  const { response } = route(request, { state, now: NOW, clockSkewSeconds: 300, stsClockSkewSeconds: 900 });
  expect(response.status).toBeGreaterThanOrEqual(200);
  expect(response.status).toBeLessThan(500);
};

/** The real request with one part damaged. */
const damaged = (): fc.Arbitrary<ReceivedRequest> => {
  const names = Object.keys(real.headers);
  const header = fc
    .constantFrom(...names)
    .chain((name) => mutatedText(real.headers[name]!).map((value) => ({ ...real, headers: { ...real.headers, [name]: value } })));
  const dropped = fc.constantFrom(...names).map((name) => {
    const { [name]: _gone, ...headers } = real.headers;
    return { ...real, headers };
  });
  const extra = fc
    .tuple(
      fc.string({ maxLength: 20 }).map((n) => n.toLowerCase()),
      fc.string({ maxLength: 200 }),
    )
    .map(([name, value]) => ({ ...real, headers: { ...real.headers, [name]: value } }));
  const body = mutatedBytes(real.body).map((b) => ({ ...real, body: b }));
  const search = mutatedText(real.search).map((s) => ({ ...real, search: s }));
  const path = mutatedText(real.path).map((p) => ({ ...real, path: p }));
  const method = fc.constantFrom("GET", "PUT", "post", "").map((m) => ({ ...real, method: m }));
  return fc.oneof(header, header, dropped, extra, body, search, path, method);
};

const randomRequest: fc.Arbitrary<ReceivedRequest> = fc.record({
  method: fc.constantFrom("POST", "GET"),
  path: fc.oneof(fc.constant("/sessions"), fc.string({ maxLength: 40 })),
  search: fc.string({ maxLength: 200 }),
  headers: fc.dictionary(
    fc.constantFrom("authorization", "x-amz-date", "x-amz-x509", "x-amz-x509-chain", "host", "content-type", "x-amz-content-sha256"),
    fc.string({ maxLength: 300 }),
  ),
  body: fc.uint8Array({ maxLength: 300 }),
});

describe("fuzz the emulator's request verifier", () => {
  it("accepts the undamaged request (so the properties below can fail)", () => {
    expect(() => verifyCreateSessionSignature(real, options())).not.toThrow();
    expect(route(real, { state, now: NOW, clockSkewSeconds: 300, stsClockSkewSeconds: 900 }).response.status).toBe(201);
  });

  it("damaged real requests → accepted or 403 Invalid signature", () => {
    fc.assert(fc.property(damaged(), verifies), RUNS);
  });

  it("random requests → 403 Invalid signature", () => {
    fc.assert(fc.property(randomRequest, verifies), RUNS);
  });

  it("the router answers damaged and random requests with a 2xx/4xx, never a 500", () => {
    fc.assert(fc.property(fc.oneof(damaged(), randomRequest), routes), RUNS);
  });
});
