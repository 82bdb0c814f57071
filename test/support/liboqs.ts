/**
 * liboqs (C compiled to WebAssembly, package @oqs/liboqs-js): an ML-DSA implementation independent
 * of @noble/post-quantum, the oracle of the ML-DSA interoperability tests. It is not a
 * devDependency: it declares node >=22, so `npm ci` would warn EBADENGINE on Node 20, where its
 * WebAssembly build runs fine. `npm run setup:liboqs` installs it (`.ci/run` does); without it the
 * tests marked [needs:liboqs] skip and say so.
 */

/** The part of a liboqs ML-DSA instance the tests use. */
export interface OqsMlDsa {
  generateKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array };
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
  destroy(): void;
}

type Factory = () => Promise<OqsMlDsa>;

// The specifier is cast so type-checking does not need the package.
const loaded = (await import("@oqs/liboqs-js" as string).catch(() => undefined)) as Record<string, Factory> | undefined;

/** The ML-DSA factories by parameter set, or undefined when @oqs/liboqs-js is not installed. */
export const liboqs: Readonly<Record<"ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87", Factory>> | undefined = loaded && {
  "ML-DSA-44": loaded.createMLDSA44!,
  "ML-DSA-65": loaded.createMLDSA65!,
  "ML-DSA-87": loaded.createMLDSA87!,
};

/** Appended to the name of a skipped [needs:liboqs] test. */
export const liboqsSkipReason = liboqs
  ? ""
  : " (skipped: @oqs/liboqs-js is not installed; npm run setup:liboqs. It is kept out of devDependencies because it declares node >=22)";
