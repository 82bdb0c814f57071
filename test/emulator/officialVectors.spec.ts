import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyCreateSessionSignature } from "../../src/emulator/createSession/verifySignature";
import type { ReceivedRequest } from "../../src/emulator/http/receivedRequest";

interface Vector {
  name: string;
  region: string;
  amzDate: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
  leafSerialDecimal: string;
}

const file = new URL("../../../shared/vectors/official-helper-requests.json", import.meta.url);
const { vectors } = JSON.parse(readFileSync(file, "utf8")) as { vectors: Vector[] };
// The vectors were signed at their X-Amz-Date; the emulator clock is pinned to it.
const now = new Date(Date.UTC(2026, 10, 25, 1, 44, 59));

const toRequest = (v: Vector, patch: Partial<ReceivedRequest> = {}): ReceivedRequest => ({
  method: v.method,
  path: v.path,
  search: v.query,
  headers: { ...v.headers, authorization: v.authorization },
  body: new TextEncoder().encode(v.body),
  ...patch,
});

describe("official aws_signing_helper requests replayed through the emulator's verifier", () => {
  it("has the 13 vectors", () => {
    expect(vectors).toHaveLength(13);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("accepts %s", (_name, v) => {
    const verified = verifyCreateSessionSignature(toRequest(v), { region: v.region, now, clockSkewSeconds: 300 });
    expect(verified.canonicalRequest).toBe(v.canonicalRequest);
    expect(verified.stringToSign).toBe(v.stringToSign);
    expect(verified.leaf.info.serialDecimal).toBe(v.leafSerialDecimal);
  });

  it.each(vectors.slice(0, 4).map((v) => [v.name, v] as const))("rejects %s with one body byte changed", (_name, v) => {
    const body = new TextEncoder().encode(v.body.replace("3600", "3601"));
    expect(() => verifyCreateSessionSignature(toRequest(v, { body }), { region: v.region, now, clockSkewSeconds: 300 })).toThrow(
      "Invalid signature",
    );
  });

  it("rejects a vector replayed 6 minutes later with a 5-minute window", () => {
    const v = vectors[0]!;
    const later = new Date(now.getTime() + 6 * 60_000);
    expect(() => verifyCreateSessionSignature(toRequest(v), { region: v.region, now: later, clockSkewSeconds: 300 })).toThrow(
      expect.objectContaining({ status: 403, type: "AccessDeniedException", message: "Invalid signature" }),
    );
  });

  it("rejects a vector whose query was reordered into a different ARN", () => {
    const v = vectors[1]!;
    const search = v.query.replace("PROFILE", "OTHER");
    expect(() => verifyCreateSessionSignature(toRequest(v, { search }), { region: v.region, now, clockSkewSeconds: 300 })).toThrow(
      "Invalid signature",
    );
  });
});
