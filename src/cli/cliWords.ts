/**
 * The CLI's words for the library's options: its flags (and environment variables), so the
 * library's messages tell a CLI user what to type.
 * @internal
 */
import { type NamedOption, type OptionWords, messageInWords } from "../errorWords";

/** Flags by option; options the CLI has no flag for keep their name. */
const FLAGS: Readonly<Partial<Record<NamedOption, string>>> = {
  trustAnchorArn: "--trust-anchor-arn",
  profileArn: "--profile-arn",
  roleArn: "--role-arn",
  certificate: "--certificate",
  privateKey: "--private-key",
  certificateChain: "--intermediates",
  region: "--region",
  endpoint: "--endpoint",
  roleSessionName: "--role-session-name",
  passphrase: "--pkcs8-password",
  pkcs12: "--certificate",
  pkcs11Pin: "ROLES_ANYWHERE_PKCS11_PIN",
  pkcs11Module: "--pkcs11-lib",
  tpmKeyPassword: "--tpm-key-password",
  port: "--port",
  durationSeconds: "--session-duration",
};

const PHRASES: Partial<Record<NamedOption, string>> = {
  passphrase: "--pkcs8-password or ROLES_ANYWHERE_PKCS8_PASSWORD",
  pkcs12: "--certificate <file.p12> without --private-key",
  pkcs11Pin: "the environment variable ROLES_ANYWHERE_PKCS11_PIN",
  tpmKeyPassword: "--tpm-key-password or ROLES_ANYWHERE_TPM_KEY_PASSWORD",
};

/** @internal */
export const CLI_WORDS: OptionWords = {
  name: (option) => FLAGS[option] ?? option,
  option: (option) => PHRASES[option] ?? FLAGS[option] ?? option,
};

/** An error's message as the CLI shows it: options named by their flags. @internal */
export const cliMessage = (error: unknown): string =>
  messageInWords(error, CLI_WORDS) ?? (error instanceof Error ? error.message : String(error));
