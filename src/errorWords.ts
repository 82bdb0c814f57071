import { RolesAnywhereError, type RolesAnywhereErrorCode, type RolesAnywhereErrorOptions } from "./errors";

/**
 * The options an error message can tell the caller to pass or fix.
 *
 * @internal
 */
export type NamedOption =
  | "trustAnchorArn"
  | "profileArn"
  | "roleArn"
  | "certificate"
  | "privateKey"
  | "certificateChain"
  | "region"
  | "endpoint"
  | "roleSessionName"
  | "passphrase"
  | "pkcs12"
  | "pkcs11Pin"
  | "pkcs11Module"
  | "tpmKeyPassword"
  | "port"
  | "durationSeconds"
  | "timeout"
  | "maxRetries";

/**
 * How messages name options. The library says its option names; the CLI says its flags, so a
 * message never tells a CLI user about an option they cannot pass, nor a library user about a flag.
 *
 * @internal
 */
export interface OptionWords {
  /** The option as a subject: `roleArn` / `--role-arn`. */
  name(option: NamedOption): string;
  /** The option as an object of "pass …": `the passphrase option` / `--pkcs8-password (or …)`. */
  option(option: NamedOption): string;
}

const LIBRARY_PHRASES: Partial<Record<NamedOption, string>> = {
  certificate: "the certificate or certificateFile option",
  privateKey: "the privateKey or privateKeyFile option",
  certificateChain: "the certificateChain or certificateChainFile option",
  pkcs12: "the pkcs12 (bytes) or pkcs12File (path) option",
};

/** The library's words: option names. @internal */
export const LIBRARY_WORDS: OptionWords = {
  name: (option) => option,
  option: (option) => LIBRARY_PHRASES[option] ?? `the ${option} option`,
};

const RENDER = Symbol("message in other words");

/** A message that names options, written once for every vocabulary. @internal */
export type WordedMessage = (words: OptionWords) => string;

/**
 * A {@link RolesAnywhereError} whose message names options in the library's words, and which
 * can be re-worded for the CLI with {@link messageInWords}.
 *
 * @internal
 */
export const wordedError = (
  code: RolesAnywhereErrorCode,
  render: WordedMessage,
  options?: RolesAnywhereErrorOptions,
): RolesAnywhereError => {
  const error = new RolesAnywhereError(code, render(LIBRARY_WORDS), options);
  Object.defineProperty(error, RENDER, { value: render });
  return error;
};

/** The error's message in `words`, or `undefined` when it names no option. @internal */
export const messageInWords = (error: unknown, words: OptionWords): string | undefined => {
  const render = typeof error === "object" && error !== null ? (error as { [RENDER]?: unknown })[RENDER] : undefined;
  return typeof render === "function" ? (render as WordedMessage)(words) : undefined;
};
