/** Why the swtpm tests cannot run here, or undefined when they can. */
export declare const swtpmMissing: string | undefined;
/** The tpm2-pkcs11 module path, if installed. */
export declare const tpm2Pkcs11Module: string | undefined;

/** A running swtpm. */
export interface Swtpm {
  /** TCTI string for TSS2 (`swtpm:host=127.0.0.1,port=…`). */
  readonly tcti: string;
  /** Environment that points OpenSSL's tpm2 provider, tpm2-tools and tpm2-pkcs11 at it. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts swtpm with its state in `dir`, with dictionary-attack protection relaxed for tests. */
export declare const startSwtpm: (dir: string) => Promise<Swtpm>;
/** Runs openssl with the swtpm's environment (throws with stderr on failure). */
export declare const tpmOpenssl: (tpm: Swtpm, args: readonly string[], input?: string | Uint8Array) => Buffer;
/** Creates a TPM key with OpenSSL's tpm2 provider; returns the TSS2 key file's path. */
export declare const createTss2Key: (tpm: Swtpm, file: string, spec: { type: "EC" } | { type: "RSA" }, password?: string) => string;
/** Has the TPM sign a CSR for the key (a key file path or a handle URI). */
export declare const tpmCsr: (tpm: Swtpm, keyFile: string, commonName: string, password?: string) => string;
/** Creates a P-256 key with tpm2-tools and makes it persistent at `handle`. */
export declare const persistTpmKey: (tpm: Swtpm, dir: string, handle: string, password?: string) => void;
