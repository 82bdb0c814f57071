import { abortError } from "../../transport/abort";
import { asBufferSource } from "../../encoding/der";
import { loadNodeCrypto } from "../nodeCrypto";

/**
 * Lets a long key derivation be stopped and keeps the event loop turning meanwhile: every
 * `chunk` iterations (default {@link KDF_CHUNK}) the KDF waits for `pause` (default: one
 * macrotask, so timers such as the `timeout` option and I/O run) and then stops with the abort
 * error when `signal` has aborted.
 * @internal
 */
export interface KdfControl {
  readonly signal?: AbortSignal;
  readonly pause?: () => Promise<void>;
  readonly chunk?: number;
}

/** Iterations between two pauses: about a few milliseconds of hashing. @internal */
export const KDF_CHUNK = 1024;

/** Resolves on the next turn of the event loop (a macrotask: pending timers and I/O run first). @internal */
export const nextMacrotask = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

const throwIfAborted = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted) throw abortError(signal);
};

/** Purpose byte of the PKCS#12 key derivation (RFC 7292, appendix B.3). @internal */
export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

type Hash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

const OUTPUT_BYTES: Record<Hash, number> = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
const BLOCK_BYTES: Record<Hash, number> = { "SHA-1": 64, "SHA-256": 64, "SHA-384": 128, "SHA-512": 128 };

/**
 * A PKCS#12 password as the KDF wants it: UTF-16BE with a two-byte terminator
 * (`BMPString`), or no bytes at all for an absent password.
 *
 * @internal
 */
export const bmpPassword = (passphrase: string | undefined): Uint8Array => {
  if (passphrase === undefined) return new Uint8Array(0);
  const out = new Uint8Array(passphrase.length * 2 + 2);
  for (let i = 0; i < passphrase.length; i++) {
    const unit = passphrase.charCodeAt(i);
    out[i * 2] = unit >> 8;
    out[i * 2 + 1] = unit & 0xff;
  }
  return out;
};

const repeatTo = (source: Uint8Array, blockBytes: number): Uint8Array => {
  const length = blockBytes * Math.ceil(source.length / blockBytes);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = source[i % source.length]!;
  return out;
};

/** Iterated hashing is thousands of tiny digests: node:crypto's synchronous hash is ~50x faster than awaiting WebCrypto. */
const digester = async (hash: Hash, subtle: SubtleCrypto): Promise<(data: Uint8Array) => Uint8Array | Promise<Uint8Array>> => {
  const crypto = await loadNodeCrypto();
  if (crypto?.createHash) {
    const name = hash.replace("-", "").toLowerCase();
    return (data) => new Uint8Array(crypto.createHash(name).update(data).digest());
  }
  return async (data) => new Uint8Array(await subtle.digest(hash, asBufferSource(data)));
};

/**
 * The PKCS#12 key derivation function (RFC 7292, appendix B.2), used for the
 * file's MAC key and for the legacy `pbeWithSHAAnd…` ciphers. Synchronous hashing in chunks,
 * with a macrotask pause between chunks, so that it never starves timers and can be aborted
 * through `control.signal` (see {@link KdfControl}).
 *
 * @internal
 */
export const pkcs12Kdf = async (
  hash: Hash,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  length: number,
  subtle: SubtleCrypto,
  control: KdfControl = {},
): Promise<Uint8Array> => {
  const { signal, pause = nextMacrotask, chunk = KDF_CHUNK } = control;
  throwIfAborted(signal);
  const u = OUTPUT_BYTES[hash];
  const v = BLOCK_BYTES[hash];
  const input = new Uint8Array(v + (salt.length ? repeatTo(salt, v).length : 0) + (password.length ? repeatTo(password, v).length : 0));
  input.fill(id, 0, v);
  const I = input.subarray(v);
  if (salt.length) I.set(repeatTo(salt, v), 0);
  if (password.length) I.set(repeatTo(password, v), salt.length ? repeatTo(salt, v).length : 0);
  const digest = await digester(hash, subtle);
  const out = new Uint8Array(Math.ceil(length / u) * u);
  for (let block = 0; block * u < length; block++) {
    let A = await digest(input);
    for (let r = 1; r < iterations; r++) {
      const next = digest(A);
      A = next instanceof Uint8Array ? next : await next;
      if (r % chunk === 0) {
        await pause();
        throwIfAborted(signal);
      }
    }
    out.set(A, block * u);
    if ((block + 1) * u >= length) break;
    const B = repeatTo(A, v).subarray(0, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k]! + B[k]! + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  input.fill(0);
  return out.subarray(0, length);
};
