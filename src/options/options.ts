import type { Logger } from "@smithy/types";
import { validateArn } from "../protocol/arn";
import { type EndpointVariant, partitionOf, resolveEndpoint } from "./endpoint";
import { contentInsteadOfPath } from "./pathValue";
import { RolesAnywhereError } from "../errors";
import { systemClock } from "../runtime/defaults";
import type { FetchLike } from "../transport/transport";
import type { CertificateChainInput, CertificateInput } from "../certificate/certificateInput";
import type { PrivateKeyInput } from "../key/keyImport";
import { type NamedOption, wordedError } from "../errorWords";

/**
 * Options of {@link fromRolesAnywhere}.
 *
 * @public
 */
export interface FromRolesAnywhereInit extends EndpointVariant {
  /** `arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<id>`; its region is the default region. */
  readonly trustAnchorArn: string;
  /** `arn:aws:rolesanywhere:<region>:<account>:profile/<id>`, in the trust anchor's region. */
  readonly profileArn: string;
  /** `arn:aws:iam::<account>:role/<name>`, one of the profile's roles. */
  readonly roleArn: string;
  /** The leaf certificate as PEM (a full-chain PEM is split: leaf first) or DER bytes. */
  readonly certificate?: CertificateInput;
  /** PEM, DER, a WebCrypto `CryptoKey` or a {@link Signer}. Optional when `certificate` is a PEM that holds the key too. */
  readonly privateKey?: PrivateKeyInput;
  /** Intermediates: a PEM bundle, DER bytes, or a list of either (at most five). */
  readonly certificateChain?: CertificateChainInput;
  /** Node: path of the certificate, re-read on every refresh so on-disk rotation is picked up. */
  readonly certificateFile?: string;
  /** Node: path of the private key, re-read on every refresh. */
  readonly privateKeyFile?: string;
  /** Node: path of a PEM bundle of intermediates, re-read on every refresh. */
  readonly certificateChainFile?: string;
  /** Passphrase of an encrypted private key (`ENCRYPTED PRIVATE KEY` or legacy `Proc-Type: 4,ENCRYPTED` PEM) or of a PKCS#12 file. */
  readonly passphrase?: string;
  /**
   * PKCS#12 (`.p12`/`.pfx`) bytes holding the certificate, key and chain, instead of
   * certificate and privateKey. OpenSSL 3 (AES-256, PBKDF2, SHA-256 MAC) and legacy
   * (3DES/RC2, SHA-1 MAC) files, with or without a password (`passphrase`).
   */
  readonly pkcs12?: Uint8Array;
  /** Node: path of a PKCS#12 file, re-read on every refresh. */
  readonly pkcs12File?: string;
  /**
   * Node: the PKCS#11 module (shared library) for `pkcs11:` URIs (RFC 7512) given as
   * `certificate` and/or `privateKey`. Default `p11-kit-proxy.so`. A URI's `module-path` wins.
   * Needs the optional package `pkcs11js`.
   */
  readonly pkcs11Module?: string;
  /** The PKCS#11 user PIN when the URI has no `pin-value`. Never logged. */
  readonly pkcs11Pin?: string;
  /**
   * Node: password (userAuth) of a TPM 2.0 key, given as `privateKey`/`privateKeyFile` holding a
   * `-----BEGIN TSS2 PRIVATE KEY-----` file, or as `privateKey: "handle:0x81000001"`. TPM keys need
   * the `openssl` command with the tpm2 provider (tpm2-openssl). Never logged.
   */
  readonly tpmKeyPassword?: string;
  /** Signing and endpoint region. Default: the trust anchor ARN's region. */
  readonly region?: string;
  /** Base URL overriding the resolved endpoint, e.g. `http://127.0.0.1:8080`. */
  readonly endpoint?: string | URL;
  /** Requested session length, 900–43200 seconds. Default 3600. */
  readonly durationSeconds?: number;
  /** Session name (2–64 of `[\w+=,.@-]`); the profile must accept it. Default: the certificate serial. */
  readonly roleSessionName?: string;
  /** SDK-style logger; gets debug lines (never secrets) and warnings. */
  readonly logger?: Partial<Logger>;
  /**
   * Per-attempt timeout in milliseconds, from connect to the last body byte; it also bounds loading
   * the key and each signature (a hung HSM or signing service). Default 5000.
   */
  readonly timeout?: number;
  /**
   * Retries after the first attempt for throttling, 5xx, timeouts and network errors, with
   * full-jitter exponential backoff or the server's `Retry-After` (at most 20 s); each attempt is
   * signed again. Other 4xx are not retried. Default 3.
   */
  readonly maxRetries?: number;
  /** Transport. Default: `node:http`/`node:https` in Node, the runtime's `fetch` elsewhere (docs/runtimes.md). */
  readonly fetch?: FetchLike;
  /** Clock. Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Reads a file (for the `*File` options). Default: `node:fs/promises` in Node, Bun and Deno; elsewhere the `*File` options fail with `ERR_FILE`. */
  readonly readFile?: (path: string) => Promise<Uint8Array>;
}

/**
 * Options after validation and defaults.
 *
 * @internal
 */
export interface ResolvedOptions {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly region: string;
  readonly endpoint: string;
  readonly durationSeconds: number;
  readonly roleSessionName?: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly now: () => Date;
}

/** @internal */
export const DEFAULT_DURATION_SECONDS = 3600;
/** @internal */
export const DEFAULT_TIMEOUT_MS = 5000;
/** @internal */
export const DEFAULT_MAX_RETRIES = 3;

const invalid = (message: string): RolesAnywhereError => new RolesAnywhereError("ERR_INVALID_OPTION", message);

const checkInteger = (name: NamedOption, value: unknown, min: number, max: number, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === "number" ? String(value) : `${typeof value} ${JSON.stringify(value)}`;
    throw wordedError("ERR_INVALID_OPTION", (w) => `${w.name(name)} must be a whole number from ${min} to ${max}; got ${got}.`);
  }
  return value;
};

const resolveEndpointOption = (endpoint: string | URL | undefined, region: string, init: EndpointVariant): string => {
  if (endpoint === undefined) return resolveEndpoint(region, init);
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    throw wordedError(
      "ERR_INVALID_OPTION",
      (w) =>
        `${w.name("endpoint")} "${String(endpoint)}" is not a URL. Pass a base URL such as "https://rolesanywhere.us-east-1.amazonaws.com".`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw wordedError("ERR_INVALID_OPTION", (w) => `${w.name("endpoint")} "${url.href}" must use https: (or http: for a local emulator).`);
  return url.href;
};

const checkInputs = (init: FromRolesAnywhereInit): void => {
  const usesPkcs12 = init.pkcs12 !== undefined || init.pkcs12File !== undefined;
  if (init.pkcs12 !== undefined && init.pkcs12File !== undefined) throw invalid("Pass either pkcs12 or pkcs12File, not both.");
  if (init.pkcs12 !== undefined && !(init.pkcs12 instanceof Uint8Array))
    throw invalid("pkcs12 must be the bytes (Uint8Array) of a .p12/.pfx file; use pkcs12File for a path.");
  if (usesPkcs12) {
    const clash = (["certificate", "certificateFile", "privateKey", "privateKeyFile"] as const).find((name) => init[name] !== undefined);
    if (clash)
      throw invalid(
        `Pass either a PKCS#12 file (pkcs12/pkcs12File) or ${clash}, not both: the PKCS#12 file holds the certificate and key.`,
      );
  }
  if (init.certificate !== undefined && init.certificateFile !== undefined)
    throw invalid("Pass either certificate or certificateFile, not both.");
  if (!usesPkcs12 && init.certificate === undefined && init.certificateFile === undefined) {
    throw invalid("A certificate is required: pass certificate (PEM or DER) or certificateFile, or a PKCS#12 file (pkcs12 or pkcs12File).");
  }
  if (init.privateKey !== undefined && init.privateKeyFile !== undefined)
    throw invalid("Pass either privateKey or privateKeyFile, not both.");
  if (init.certificateChain !== undefined && init.certificateChainFile !== undefined)
    throw invalid("Pass either certificateChain or certificateChainFile, not both.");
  if (init.passphrase !== undefined && typeof init.passphrase !== "string") throw invalid("passphrase must be a string (UTF-8 text).");
  if (init.pkcs11Pin !== undefined && typeof init.pkcs11Pin !== "string") throw invalid("pkcs11Pin must be a string.");
  if (init.tpmKeyPassword !== undefined && typeof init.tpmKeyPassword !== "string")
    throw invalid("tpmKeyPassword must be a string (UTF-8 text).");
  if (init.pkcs11Module !== undefined && (typeof init.pkcs11Module !== "string" || init.pkcs11Module === ""))
    throw invalid("pkcs11Module must be the path of a PKCS#11 shared library.");
  for (const name of ["certificateFile", "privateKeyFile", "certificateChainFile", "pkcs12File"] as const) {
    const value = init[name];
    if (value !== undefined && (typeof value !== "string" || value === "")) throw invalid(`${name} must be a non-empty path.`);
    const reason = typeof value === "string" ? contentInsteadOfPath(value) : undefined;
    if (reason !== undefined) {
      const option = name.replace(/File$/, "");
      throw invalid(
        `${name} looks like certificate or key content, not a path (${reason}). Pass the content as ${option} instead, or write it to a file.`,
      );
    }
  }
};

/**
 * Validates options and applies defaults, without any I/O.
 *
 * @throws {@link RolesAnywhereError} naming the option and how to fix it.
 * @internal
 */
export const resolveOptions = (init: FromRolesAnywhereInit): ResolvedOptions => {
  if (typeof init !== "object" || init === null) throw invalid("fromRolesAnywhere needs an options object.");
  const trustAnchor = validateArn("trustAnchorArn", init.trustAnchorArn);
  const profile = validateArn("profileArn", init.profileArn);
  const role = validateArn("roleArn", init.roleArn);
  if (role.partition !== trustAnchor.partition) {
    throw wordedError(
      "ERR_REGION_MISMATCH",
      (w) =>
        `${w.name("roleArn")} is in the "${role.partition}" partition but ${w.name("trustAnchorArn")} is in "${trustAnchor.partition}". The role must be in the trust anchor's partition.`,
    );
  }
  // ARN syntax allows any region text; the endpoint and the signing scope need a real region name
  // (checked here, not only when the endpoint is derived, so an explicit endpoint gets it too).
  if (partitionOf(trustAnchor.region) === undefined) {
    throw wordedError(
      "ERR_INVALID_ARN",
      (w) =>
        `${w.name("trustAnchorArn")} "${init.trustAnchorArn}" has the region "${trustAnchor.region}", which is not an AWS region name (such as us-east-1, cn-north-1 or us-gov-west-1). Expected the form arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/<id>.`,
    );
  }
  if (profile.region !== trustAnchor.region) {
    throw wordedError(
      "ERR_REGION_MISMATCH",
      (w) =>
        `${w.name("profileArn")} is in ${profile.region} but ${w.name("trustAnchorArn")} is in ${trustAnchor.region}. Roles Anywhere resources used together must be in one region: use the profile and trust anchor of the same region.`,
    );
  }
  if (init.region !== undefined && (typeof init.region !== "string" || partitionOf(init.region) === undefined)) {
    const got = JSON.stringify(init.region);
    throw wordedError(
      "ERR_INVALID_OPTION",
      (w) => `${w.name("region")} must be an AWS region such as "us-east-1"; got ${got}. Omit it to use the trust anchor's region.`,
    );
  }
  const region = init.region ?? trustAnchor.region;
  if (region !== trustAnchor.region) {
    throw wordedError(
      "ERR_REGION_MISMATCH",
      (w) =>
        `${w.name("region")} is ${region} but the trust anchor and profile are in ${trustAnchor.region}. Omit ${w.name("region")}, or set it to ${trustAnchor.region}.`,
    );
  }
  const partition = partitionOf(region);
  if (partition && partition.name !== trustAnchor.partition) {
    throw new RolesAnywhereError(
      "ERR_REGION_MISMATCH",
      `The ARNs are in the "${trustAnchor.partition}" partition but ${region} belongs to "${partition.name}". Use ARNs of the region's partition.`,
    );
  }
  checkInputs(init);
  const { roleSessionName } = init;
  if (roleSessionName !== undefined && (typeof roleSessionName !== "string" || !/^[\w+=,.@-]{2,64}$/.test(roleSessionName))) {
    throw wordedError(
      "ERR_INVALID_OPTION",
      (w) => `${w.name("roleSessionName")} must be 2 to 64 characters of letters, digits and +=,.@_-; got "${String(roleSessionName)}".`,
    );
  }
  if (init.now !== undefined && typeof init.now !== "function") throw invalid("now must be a function returning a Date.");
  if (init.fetch !== undefined && typeof init.fetch !== "function") throw invalid("fetch must be a fetch-compatible function.");
  return {
    trustAnchorArn: init.trustAnchorArn,
    profileArn: init.profileArn,
    roleArn: init.roleArn,
    region,
    endpoint: resolveEndpointOption(init.endpoint, region, init),
    durationSeconds: checkInteger("durationSeconds", init.durationSeconds, 900, 43200, DEFAULT_DURATION_SECONDS),
    ...(roleSessionName === undefined ? {} : { roleSessionName }),
    timeout: checkInteger("timeout", init.timeout, 1, 600_000, DEFAULT_TIMEOUT_MS),
    maxRetries: checkInteger("maxRetries", init.maxRetries, 0, 10, DEFAULT_MAX_RETRIES),
    now: init.now ?? systemClock,
  };
};
