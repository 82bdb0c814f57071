// Signing overhead: building and signing a CreateSession request vs a bare WebCrypto sign() of a
// string of the same length, per key type.
import { createPrivateKey } from "node:crypto";
import { KEY_TYPES } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { microsPerCall } from "../lib/microtime.mjs";
import { interleaved, round, summarize } from "../lib/stats.mjs";

const SECTION = "Signing overhead";
const PLANS = {
  rsa2048: { warmup: 30, iterations: 300 },
  rsa4096: { warmup: 10, iterations: 100 },
  p256: { warmup: 30, iterations: 300 },
  p384: { warmup: 30, iterations: 300 },
  p521: { warmup: 30, iterations: 200 },
};

const PARAMS = {
  endpoint: "https://rolesanywhere.us-east-1.amazonaws.com",
  region: "us-east-1",
  trustAnchorArn: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/00000000-0000-0000-0000-000000000000",
  profileArn: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/00000000-0000-0000-0000-000000000000",
  roleArn: "arn:aws:iam::123456789012:role/Bench",
  durationSeconds: 3600,
};

/** The bare WebCrypto key and algorithm for a PKCS#8 PEM, imported outside the timed loop. */
const bareKey = async (privateKeyPem, spec) => {
  const der = createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" });
  const algorithm = spec.type === "RSA" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", namedCurve: spec.curve };
  const key = await crypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
  const signParams = spec.type === "RSA" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash: "SHA-256" };
  return { key, signParams };
};

/**
 * Where the time over the bare signature goes: the exported building blocks of
 * signCreateSessionRequest, each timed alone on this request's real inputs (µs per call).
 */
const diagnose = async (lib, identity, sample, spec) => {
  const headers = Object.fromEntries(Object.entries(sample.headers).filter(([name]) => name !== "authorization"));
  const signedHeaders = Object.keys(headers);
  const url = new URL(sample.url);
  const parts = {
    method: "POST",
    path: url.pathname,
    canonicalQuery: url.search.slice(1),
    headers,
    signedHeaders,
    payloadHash: lib.sha256Hex(sample.body),
  };
  const amzDate = headers["x-amz-date"];
  const scope = lib.createScope(amzDate, PARAMS.region);
  const query = [
    ["profileArn", PARAMS.profileArn],
    ["roleArn", PARAMS.roleArn],
    ["trustAnchorArn", PARAMS.trustAnchorArn],
  ];
  const auth = lib.parseAuthorization(sample.headers.authorization);
  const costs = {
    createCanonicalRequest: await microsPerCall(() => lib.createCanonicalRequest(parts)),
    getCanonicalQuery: await microsPerCall(() => lib.getCanonicalQuery(query)),
    "sha256Hex(body)": await microsPerCall(() => lib.sha256Hex(sample.body)),
    "formatAmzDate + createScope": await microsPerCall(() => lib.createScope(lib.formatAmzDate(new Date()), PARAMS.region)),
    createStringToSign: await microsPerCall(() => lib.createStringToSign(auth.algorithm, amzDate, scope, sample.canonicalRequest)),
    formatAuthorization: await microsPerCall(() =>
      lib.formatAuthorization({
        algorithm: auth.algorithm,
        serialDecimal: auth.serialDecimal,
        scope,
        signedHeaders,
        signatureHex: auth.signatureHex,
      }),
    ),
  };
  if (spec.type === "EC") {
    const raw = new Uint8Array(spec.curve === "P-256" ? 64 : spec.curve === "P-384" ? 96 : 132).fill(0x7f);
    costs.ecdsaRawToDer = await microsPerCall(() => lib.ecdsaRawToDer(raw));
  }
  const blocks = Object.values(costs).reduce((a, b) => a + b, 0);
  // The whole request build with a signer that returns at once: everything but the signature.
  const signature = new Uint8Array(spec.type === "RSA" ? spec.bits / 8 : 72).fill(0x30);
  const stubbed = { ...identity, signer: { algorithm: identity.signer.algorithm, sign: async () => signature } };
  const buildOnly = await microsPerCall(() => lib.signCreateSessionRequest(PARAMS, stubbed, new Date()));
  costs[`(of which) sha256Hex(canonical request, ${sample.canonicalRequest.length} chars) in createStringToSign`] = await microsPerCall(
    () => lib.sha256Hex(sample.canonicalRequest),
  );
  costs["rest of the build (URL, JSON body, base64 of the certificate, hex, awaits)"] = buildOnly - blocks;
  costs["whole build with an instant signer"] = buildOnly;
  return Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, round(v)]));
};

export const runSigning = async (ctx) => {
  const lib = await import(ctx.dist.signing);
  const { loadSigningIdentity, signCreateSessionRequest } = lib;
  const rows = [];
  for (const { id, label, spec } of KEY_TYPES) {
    const leaf = ctx.fixtures.leaves[id];
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem }, new Date());
    const date = new Date();
    const sample = await signCreateSessionRequest(PARAMS, identity, date);
    const text = "x".repeat(sample.stringToSign.length);
    const { key, signParams } = await bareKey(leaf.privateKeyPem, spec);
    const encoder = new TextEncoder();
    const stringToSign = encoder.encode(sample.stringToSign);
    const [oursSamples, bareSamples, signerSamples] = await interleaved(
      [
        () => signCreateSessionRequest(PARAMS, identity, date),
        () => crypto.subtle.sign(signParams, key, encoder.encode(text)),
        () => identity.signer.sign(stringToSign),
      ],
      PLANS[id],
    );
    const toMicro = (ms) => ms * 1000;
    const ours = summarize(oursSamples.map(toMicro));
    const baseline = summarize(bareSamples.map(toMicro));
    const ratio = ours.median / baseline.median;
    const signerOnly = summarize(signerSamples.map(toMicro));
    const overhead = ours.median - baseline.median;
    const parts = await diagnose(lib, identity, sample, spec);
    const partsText = Object.entries(parts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    rows.push(
      makeRow({
        id: `signing.${id}`,
        section: SECTION,
        label: `Build + sign a CreateSession request, ${label}, vs bare WebCrypto sign()`,
        unit: "µs",
        ours,
        baseline: { label: `subtle.sign(${text.length} chars)`, ...baseline },
        ratio,
        goal: "≤ 1.3× the bare signature",
        verdict: verdict(ratio <= 1.3),
        note:
          `overhead ${round(overhead)} µs over the bare sign: the library's signer alone (sign + DER/format wrapper) ` +
          `${round(signerOnly.median)} µs, the rest is building the request; building blocks alone (µs/call): ${partsText}`,
        details: { overheadMicros: round(overhead), signerOnlyMicros: round(signerOnly.median), buildingBlocksMicros: parts },
      }),
    );
  }
  return rows;
};
