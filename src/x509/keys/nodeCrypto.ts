/**
 * Loads `node:crypto` lazily, only for schemes WebCrypto lacks (scrypt, 3DES, MD5
 * for legacy PEM). Returns `undefined` outside Node-compatible runtimes.
 *
 * @internal
 */
export const loadNodeCrypto = async (): Promise<typeof import("node:crypto") | undefined> => {
  try {
    return await import("node:crypto");
  } catch {
    return undefined;
  }
};
