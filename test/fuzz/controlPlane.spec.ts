/**
 * Fuzz: the control plane answers every signed request with bad input (random JSON for the
 * rest-json and JSON 1.1 services, random query parameters for IAM, raw garbage bodies) with an
 * AWS-shaped 4xx, never a 500, and a refused request leaves the state exactly as it was (the
 * state still round-trips through its snapshot).
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ACM_PCA_MODEL } from "../../src/emulator/controlPlane/models/acmPca";
import { IAM_MODEL } from "../../src/emulator/controlPlane/models/iam";
import { ROLES_ANYWHERE_MODEL } from "../../src/emulator/controlPlane/models/rolesAnywhere";
import type { ReceivedRequest } from "../../src/emulator/http/receivedRequest";
import { route, type RouteContext } from "../../src/emulator/http/router";
import { EmulatorState } from "../../src/emulator/state/EmulatorState";
import { restoreSnapshot, toSnapshot } from "../../src/emulator/state/snapshot";
import { canonicalQueryFromSearch } from "../../src/signature/canonicalQuery";
import { createCanonicalRequest } from "../../src/signature/canonicalRequest";
import { sha256Hex } from "../../src/signature/hash";
import { formatAmzDate } from "../../src/signature/scope";
import { createStringToSign } from "../../src/signature/stringToSign";
import { uriEncode } from "../../src/signature/uriEncode";
import { testCa } from "../support/fixtures";
import { RUNS } from "../support/mutations";

const NOW = new Date();
const ADMIN = { accessKeyId: "AKIAFUZZADMIN0000000", secretAccessKey: "fuzz-admin-secret" };
let state: EmulatorState;
let ctx: RouteContext;

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** A request signed with the admin credentials, as a client would send it. */
function signed(service: string, method: string, pathAndQuery: string, body: Uint8Array, extra: Record<string, string>): ReceivedRequest {
  const q = pathAndQuery.indexOf("?");
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const search = q < 0 ? "" : pathAndQuery.slice(q + 1);
  const amzDate = formatAmzDate(NOW);
  const headers: Record<string, string> = { host: "127.0.0.1:1", "x-amz-date": amzDate, ...extra };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = createCanonicalRequest({
    method,
    path: path.split("/").map(uriEncode).join("/"),
    canonicalQuery: canonicalQueryFromSearch(search),
    headers,
    signedHeaders,
    payloadHash: sha256Hex(body),
  });
  const scope = `${amzDate.slice(0, 8)}/us-east-1/${service}/aws4_request`;
  const key = hmac(hmac(hmac(hmac(`AWS4${ADMIN.secretAccessKey}`, amzDate.slice(0, 8)), "us-east-1"), service), "aws4_request");
  const signature = createHmac("sha256", key)
    .update(createStringToSign("AWS4-HMAC-SHA256", amzDate, scope, canonical))
    .digest("hex");
  headers["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${ADMIN.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
  return { method, path, search, headers, body };
}

beforeAll(async () => {
  state = new EmulatorState({ now: () => NOW });
  state.addRole({ name: "Fuzz" });
  state.addTrustAnchor({ id: "11111111-2222-3333-4444-555555555555", certificates: [(await testCa()).certificatePem] });
  state.addProfile({ id: "66666666-7777-8888-9999-000000000000", roleArns: ["arn:aws:iam::123456789012:role/Fuzz"] });
  ctx = { state, now: NOW, clockSkewSeconds: 300, stsClockSkewSeconds: 900, adminCredentials: ADMIN };
});

/** Outcomes seen, by error type (or "ok"): the fuzzing must reach validation and the services. */
const seen = new Map<string, number>();

/** Sends a request: never a 5xx; on a refusal the state is unchanged. */
function check(request: ReceivedRequest): void {
  const before = JSON.stringify(toSnapshot(state));
  const { response, event } = route(request, ctx);
  seen.set(event.errorType ?? "ok", (seen.get(event.errorType ?? "ok") ?? 0) + 1);
  expect(response.status, `${event.operation}: ${response.body}`).toBeGreaterThanOrEqual(200);
  expect(response.status, `${event.operation}: ${event.reason ?? response.body}`).toBeLessThan(500);
  if (response.status >= 400) expect(JSON.stringify(toSnapshot(state))).toBe(before);
}

const json = fc.jsonValue({ maxDepth: 4 });
/** An object using the input shape's member names with random values. */
const memberObject = (names: readonly string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), json, { maxKeys: 6 });
const membersOf = (model: typeof IAM_MODEL, op: string): string[] =>
  Object.keys(model.shapes[model.operations[op]!.input ?? ""]?.members ?? {});
const label = fc.oneof(
  fc.constant("11111111-2222-3333-4444-555555555555"),
  fc.constant("66666666-7777-8888-9999-000000000000"),
  fc.string({ maxLength: 40 }),
);

describe("fuzz the control plane", () => {
  it("rolesanywhere (rest-json): random JSON bodies, labels and query strings", () => {
    const ops = Object.entries(ROLES_ANYWHERE_MODEL.operations);
    const request = fc.tuple(fc.constantFrom(...ops), label, fc.string({ maxLength: 60 })).chain(([[name, op], id, query]) =>
      fc
        .oneof(
          memberObject(membersOf(ROLES_ANYWHERE_MODEL, name)).map((o) => JSON.stringify(o)),
          fc.string({ maxLength: 200 }),
        )
        .map((body) => {
          const path = (op.http.requestUri ?? "/").replace(/\{\w+\}/g, encodeURIComponent(id));
          return signed(
            "rolesanywhere",
            op.http.method ?? "POST",
            `${path}${query ? `?${encodeURIComponent(query)}=x` : ""}`,
            new TextEncoder().encode(body),
            { "content-type": "application/json" },
          );
        }),
    );
    fc.assert(fc.property(request, check), { numRuns: RUNS.numRuns * 2 });
  });

  it("iam (query/XML): random parameters for each action, nested list keys included", () => {
    const ops = Object.keys(IAM_MODEL.operations);
    const key = (names: string[]) =>
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names).map((n) => `${n}.member.1.Key`),
        fc.constantFrom(...names).map((n) => `${n}.member.2`),
        fc.string({ maxLength: 10 }),
      );
    const request = fc.constantFrom(...ops).chain((action) =>
      fc
        .dictionary(key(membersOf(IAM_MODEL, action).length ? membersOf(IAM_MODEL, action) : ["X"]), fc.string({ maxLength: 300 }), {
          maxKeys: 6,
        })
        .map((params) => {
          const form = new URLSearchParams({ Action: action, Version: "2010-05-08", ...params }).toString();
          return signed("iam", "POST", "/", new TextEncoder().encode(form), {
            "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          });
        }),
    );
    fc.assert(fc.property(request, check), { numRuns: RUNS.numRuns * 2 });
  });

  it("acm-pca (JSON 1.1): random JSON and garbage bodies for each target", () => {
    const ops = [...Object.keys(ACM_PCA_MODEL.operations), "NoSuchOperation"];
    const request = fc.constantFrom(...ops).chain((op) =>
      fc
        .oneof(
          memberObject(ACM_PCA_MODEL.operations[op] ? membersOf(ACM_PCA_MODEL, op) : ["X"]).map((o) =>
            new TextEncoder().encode(JSON.stringify(o)),
          ),
          fc.uint8Array({ maxLength: 200 }),
        )
        .map((body) =>
          signed("acm-pca", "POST", "/", body, { "content-type": "application/x-amz-json-1.1", "x-amz-target": `ACMPrivateCA.${op}` }),
        ),
    );
    fc.assert(fc.property(request, check), { numRuns: RUNS.numRuns * 2 });
  });

  it("reached past authentication: validation errors, service errors and successes all occurred", () => {
    expect([...seen.keys()]).toEqual(expect.arrayContaining(["ok", "ValidationException", "ValidationError", "SerializationException"]));
    expect(seen.has("UnrecognizedClientException") || seen.has("InvalidSignatureException") || seen.has("SignatureDoesNotMatch")).toBe(
      false,
    );
  });

  it("the state after all of it still round-trips through its snapshot", () => {
    const copy = new EmulatorState({ now: () => NOW });
    restoreSnapshot(copy, JSON.parse(JSON.stringify(toSnapshot(state))));
    expect(JSON.stringify(toSnapshot(copy))).toBe(JSON.stringify(toSnapshot(state)));
  });
});
