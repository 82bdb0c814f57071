import { builtinModule } from "../runtime/builtinModule";
import { detectRuntime } from "../runtime/defaults";

/**
 * Loads `node:crypto` lazily, only for schemes WebCrypto lacks (scrypt, 3DES, MD5
 * for legacy PEM). Returns `undefined` outside Node-compatible runtimes.
 *
 * @internal
 */
export const loadNodeCrypto = async (): Promise<typeof import("node:crypto") | undefined> => {
  try {
    return builtinModule<typeof import("node:crypto")>("node:crypto") ?? (await import("node:crypto"));
  } catch {
    return undefined;
  }
};

/**
 * Decrypts with a `node:crypto` CBC decipher and wipes the intermediate buffers.
 * A padding failure (the usual sign of a wrong passphrase) throws what `node:crypto`
 * throws; callers turn it into their own typed error.
 *
 * @internal
 */
export const nodeDecipher = (
  crypto: typeof import("node:crypto"),
  algorithm: string,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array => {
  const decipher = crypto.createDecipheriv(algorithm, key, iv);
  const head = decipher.update(data);
  const tail = decipher.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  head.fill(0);
  tail.fill(0);
  return out;
};

/**
 * `node:crypto`, synchronously, in Node (through `process.getBuiltinModule`, Node ≥ 20.16);
 * `undefined` elsewhere. Bun, Deno and Workers with `nodejs_compat` also offer a `node:crypto`, but
 * how much of its key and signing API they implement varies by version, and WebCrypto there is
 * the proven path, so only Node gets this one. Feature detection, not an import, so the core keeps
 * no static Node import. `global` is injectable for tests.
 *
 * @internal
 */
export const builtinNodeCrypto = (global: object = globalThis): typeof import("node:crypto") | undefined => {
  if (detectRuntime(global) !== "node") return undefined;
  const crypto = builtinModule<typeof import("node:crypto")>("node:crypto", global);
  return typeof crypto?.createPrivateKey === "function" && typeof crypto.sign === "function" ? crypto : undefined;
};
