import { isAbsolute, resolve } from "node:path";
import { isPkcs11Uri, parsePkcs11Uri } from "../key/pkcs11/pkcs11Uri";
import type { ParsedFlags } from "./flags";

/**
 * Environment variable holding the PKCS#11 user PIN, so it need not appear in `ps` output
 * (a `pin-value` in a `pkcs11:` URI on the command line does).
 * @internal
 */
export const PKCS11_PIN_ENV = "ROLES_ANYWHERE_PKCS11_PIN";

/** The session options {@link resolvePkcs11} reads and sets. @internal */
export interface Pkcs11SessionFields {
  certificate?: string;
  privateKey?: string;
  certificateFile?: string;
  privateKeyFile?: string;
  certificateChainFile?: string;
  pkcs11Module?: string;
  pkcs11Pin?: string;
}

/**
 * Adds the PKCS#11 options when `--certificate` or `--private-key` is a `pkcs11:` URI:
 * `--pkcs11-lib` → `pkcs11Module` (a relative path with a `/` is resolved against `cwd`; a bare
 * name such as `p11-kit-proxy.so` is left to the dynamic loader) and env
 * {@link PKCS11_PIN_ENV} → `pkcs11Pin`. Without a URI both are ignored, as aws_signing_helper does.
 * `--reuse-pin` needs nothing: the library always reuses the user PIN for keys that require a
 * login per signature (CKA_ALWAYS_AUTHENTICATE) and never prompts for a PIN.
 *
 * When a URI is mixed with `*File` options, the module and PIN are also folded into the URIs
 * (`module-path`, `pin-value`, only where the URI has none, so precedence is unchanged): the
 * library reads file inputs on every refresh and does not pass `pkcs11Module`/`pkcs11Pin` on
 * that path. Pure.
 * @internal
 */
export function resolvePkcs11<T extends Pkcs11SessionFields>(
  init: T,
  flags: ParsedFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): T {
  const uris = [init.certificate, init.privateKey].filter(isPkcs11Uri);
  if (uris.length === 0) return init;
  const out: T = { ...init };
  const lib = typeof flags["pkcs11-lib"] === "string" ? flags["pkcs11-lib"].trim() : "";
  if (lib !== "") out.pkcs11Module = lib.includes("/") && !isAbsolute(lib) ? resolve(cwd, lib) : lib;
  const pin = env[PKCS11_PIN_ENV];
  if (pin !== undefined && pin !== "") out.pkcs11Pin = pin;
  const mixesFiles = out.certificateFile !== undefined || out.privateKeyFile !== undefined || out.certificateChainFile !== undefined;
  if (mixesFiles) {
    const fold = (uri: string | undefined): string | undefined =>
      isPkcs11Uri(uri) ? withQueryAttributes(uri, { "module-path": out.pkcs11Module, "pin-value": out.pkcs11Pin }) : uri;
    if (out.certificate !== undefined) out.certificate = fold(out.certificate);
    if (out.privateKey !== undefined) out.privateKey = fold(out.privateKey);
  }
  return out;
}

/**
 * Appends RFC 7512 query attributes (percent-encoded) to a `pkcs11:` URI, skipping those the URI
 * already has and undefined values. Pure.
 * @internal
 */
export function withQueryAttributes(uri: string, attributes: Readonly<Record<string, string | undefined>>): string {
  const query = uri.includes("?") ? uri.slice(uri.indexOf("?") + 1) : "";
  const present = new Set(query.split("&").map((part) => part.split("=")[0]!.toLowerCase()));
  let out = uri.trim();
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || present.has(name)) continue;
    out += `${out.includes("?") ? (out.endsWith("?") || out.endsWith("&") ? "" : "&") : "?"}${name}=${percentEncode(value)}`;
  }
  return out;
}

/** Every byte outside RFC 3986 unreserved characters as %XX. */
function percentEncode(value: string): string {
  return Array.from(new TextEncoder().encode(value), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/**
 * The secrets a set of flag values and the environment carry for PKCS#11 (the env PIN and the
 * decoded `pin-value` of any URI), for the redactor. Never throws on a malformed URI.
 * @internal
 */
export function pkcs11Secrets(values: readonly unknown[], env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  const pin = env[PKCS11_PIN_ENV];
  if (pin) out.push(pin);
  for (const value of values) {
    if (!isPkcs11Uri(value)) continue;
    try {
      const { pinValue } = parsePkcs11Uri(value);
      if (pinValue) out.push(pinValue);
    } catch {
      // malformed: the library reports it; the redactor's pin-value pattern still masks the raw text
    }
  }
  return out;
}
