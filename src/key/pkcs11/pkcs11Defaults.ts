/**
 * Default PKCS#11 module: p11-kit's proxy, which exposes every token the system
 * has configured (as the official helper does).
 *
 * @internal
 */
export const DEFAULT_PKCS11_MODULE = "p11-kit-proxy.so";
