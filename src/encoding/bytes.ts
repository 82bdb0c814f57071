/**
 * Byte-wise equality: natively where the runtime offers it (Node's and Deno's `Buffer#equals`, a
 * memcmp, which matters for the hundreds of kilobytes the CLI's code cache compares at start-up),
 * else a loop. No dependencies, so the bin can use it without loading a DER parser.
 *
 * @internal
 */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  const native = (a as { equals?: (other: Uint8Array) => boolean }).equals;
  if (typeof native === "function") return native.call(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
