// Signing overhead: building and signing a CreateSession request vs a bare WebCrypto sign() of a
// string of the same length, per key type.
import { createPrivateKey } from "node:crypto";
import { KEY_TYPES } from "../lib/fixtures.mjs";
import { makeRow, verdict } from "../lib/row.mjs";
import { interleaved, summarize } from "../lib/stats.mjs";

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

export const runSigning = async (ctx) => {
  const { loadSigningIdentity, signCreateSessionRequest } = await import(ctx.dist.index);
  const rows = [];
  for (const { id, label, spec } of KEY_TYPES) {
    const leaf = ctx.fixtures.leaves[id];
    const identity = await loadSigningIdentity({ certificate: leaf.certificatePem, privateKey: leaf.privateKeyPem }, new Date());
    const date = new Date();
    const sample = await signCreateSessionRequest(PARAMS, identity, date);
    const text = "x".repeat(sample.stringToSign.length);
    const { key, signParams } = await bareKey(leaf.privateKeyPem, spec);
    const encoder = new TextEncoder();
    const [oursSamples, bareSamples] = await interleaved(
      [
        () => signCreateSessionRequest(PARAMS, identity, date),
        () => crypto.subtle.sign(signParams, key, encoder.encode(text)),
      ],
      PLANS[id],
    );
    const toMicro = (ms) => ms * 1000;
    const ours = summarize(oursSamples.map(toMicro));
    const baseline = summarize(bareSamples.map(toMicro));
    const ratio = ours.median / baseline.median;
    rows.push(
      makeRow({
        id: `signing.${id}`,
        section: SECTION,
        label: `Signing ${label}: build + sign a CreateSession request vs bare WebCrypto sign()`,
        unit: "µs",
        ours,
        baseline: { label: `crypto.subtle.sign of a ${text.length}-char string`, ...baseline },
        ratio,
        goal: "≤ 1.3× the bare signature",
        verdict: verdict(ratio <= 1.3),
      }),
    );
  }
  return rows;
};
