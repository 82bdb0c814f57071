/**
 * Object identifiers of password-based encryption (PKCS#5, PKCS#12, scrypt).
 *
 * @internal
 */
export const PBE_OID = {
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  scrypt: "1.3.6.1.4.1.11591.4.11",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  desEde3Cbc: "1.2.840.113549.3.7",
  pbeSha1Rc4_128: "1.2.840.113549.1.12.1.1",
  pbeSha1Rc4_40: "1.2.840.113549.1.12.1.2",
  pbeSha1TripleDes3Key: "1.2.840.113549.1.12.1.3",
  pbeSha1TripleDes2Key: "1.2.840.113549.1.12.1.4",
  pbeSha1Rc2_128: "1.2.840.113549.1.12.1.5",
  pbeSha1Rc2_40: "1.2.840.113549.1.12.1.6",
} as const;

/** HMAC PRFs of PBKDF2 by OID, as WebCrypto hash names. @internal */
export const PRF_HASHES: Readonly<Record<string, "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512">> = {
  "1.2.840.113549.2.7": "SHA-1",
  "1.2.840.113549.2.9": "SHA-256",
  "1.2.840.113549.2.10": "SHA-384",
  "1.2.840.113549.2.11": "SHA-512",
};

/** Digest algorithms (PKCS#12 MacData) by OID. @internal */
export const DIGEST_HASHES: Readonly<Record<string, "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512">> = {
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};

/** AES-CBC key lengths in bytes by OID. @internal */
export const AES_CBC_KEY_BYTES: Readonly<Record<string, number>> = {
  "2.16.840.1.101.3.4.1.2": 16,
  "2.16.840.1.101.3.4.1.22": 24,
  "2.16.840.1.101.3.4.1.42": 32,
};

/**
 * Upper bound on PBKDF2 iterations, so a crafted file cannot tie up a thread for minutes.
 * Real files use far fewer: OpenSSL writes 2048, Java's keytool 10,000; the highest published
 * recommendation (OWASP, PBKDF2-HMAC-SHA1) is 1,300,000. PBKDF2 runs in WebCrypto, off the event loop.
 * @internal
 */
export const MAX_ITERATIONS = 2_000_000;

/**
 * Upper bound on iterations of the PKCS#12 key derivation (legacy `pbeWithSHAAnd…` ciphers and
 * the file's MAC), which runs as iterated hashing in JavaScript. Real files: OpenSSL 2048,
 * Windows 2000, Java's keytool 10,000 (50,000 and 100,000 in older releases); tools that follow
 * OWASP's 600,000 still fit.
 * @internal
 */
export const MAX_PKCS12_KDF_ITERATIONS = 1_000_000;
