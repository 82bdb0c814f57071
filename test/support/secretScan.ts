/**
 * Collects everything a user might see or log — error messages, stacks, `cause` chains,
 * JSON.stringify and util.inspect of thrown objects, logger lines — and finds secrets in it.
 */
import { createPrivateKey } from "node:crypto";
import { inspect } from "node:util";
import { expect } from "vitest";

/** A logger at debug level whose every line (arguments inspected) lands in `lines`. */
export const recordingLogger = (lines: string[]) => {
  const write = (...args: unknown[]): void =>
    void lines.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: null }))).join(" "));
  return { trace: write, debug: write, info: write, warn: write, error: write };
};

/** Every rendering of `error` and of each error in its `cause` chain. */
export const renderings = (error: unknown): string[] => {
  const out: string[] = [inspect(error, { depth: null, showHidden: true })];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    out.push(String(current), JSON.stringify(current) ?? "", inspect(current, { depth: null, showHidden: true }));
    if (current instanceof Error) out.push(current.message, current.stack ?? "");
    current = (current as { cause?: unknown }).cause;
  }
  return out;
};

const pemBody = (pem: string): string[] => pem.split(/\r?\n/).filter((line) => line && !line.startsWith("-----") && !line.includes(":"));

/**
 * What would betray a private key: its PEM body (whole, and each line that is not also
 * public — the last line of an EC PKCS#8 key holds the public point, which the certificate
 * carries too), and its private numbers (JWK d, p, q, …) as base64url, base64 and hex.
 * `publicPem` is the matching certificate.
 */
export const keySecrets = (keyPem: string, publicPem = ""): string[] => {
  const lines = pemBody(keyPem);
  const publicText = pemBody(publicPem).join("");
  const secretLines = lines.filter((line) => line.length >= 16 && !publicText.includes(line));
  let numbers: string[] = [];
  try {
    const jwk = createPrivateKey(keyPem).export({ format: "jwk" }) as Record<string, string | undefined>;
    numbers = ["d", "p", "q", "dp", "dq", "qi"].flatMap((name) => {
      const value = jwk[name];
      if (!value) return [];
      const bytes = Buffer.from(value, "base64url");
      return [value, bytes.toString("base64").replace(/=+$/, ""), bytes.toString("hex")];
    });
  } catch {
    numbers = []; // an encrypted key: its PEM body is the secret
  }
  return [...secretLines, lines.join(""), ...numbers];
};

/** Fails naming the first secret found in `texts` (without printing the secret itself). */
export const expectNoSecrets = (texts: readonly string[], secrets: readonly string[]): void => {
  const usable = secrets.filter((secret) => secret.length >= 8);
  expect(usable.length).toBeGreaterThan(0);
  const leaks = usable.flatMap((secret, i) =>
    texts.filter((text) => text.includes(secret)).map((text) => `secret #${i} in: ${text.slice(0, 80)}…`),
  );
  expect(leaks).toEqual([]);
};
