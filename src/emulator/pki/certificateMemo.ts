import type { LoadedCertificate } from "./loadCertificate";

/** How many parsed request certificates the memo keeps. */
const DEFAULT_LIMIT = 256;

/**
 * A bounded memo of parsed request certificates, keyed by the base64 text they arrived as
 * (`X-Amz-X509`, one entry of `X-Amz-X509-Chain`). A client sends the same certificate with every
 * `CreateSession`, and parsing it (the package's parser and Node's `X509Certificate`) is most of
 * the emulator's work per request. Only successful parses are kept (a failure throws again each
 * time, with its own message); when full, the oldest entry goes. Parsing is a pure function of
 * the bytes, and a `LoadedCertificate` is read-only by contract, so sharing one is safe.
 * @internal
 */
export function createCertificateMemo(limit: number = DEFAULT_LIMIT) {
  const entries = new Map<string, LoadedCertificate>();
  return (text: string, load: () => LoadedCertificate): LoadedCertificate => {
    const known = entries.get(text);
    if (known !== undefined) return known;
    const loaded = load();
    if (entries.size >= limit) entries.delete(entries.keys().next().value!);
    entries.set(text, loaded);
    return loaded;
  };
}

/** The memo the CreateSession checks share (verifySignature.ts, chainHeader.ts). @internal */
export const requestCertificates = createCertificateMemo();
