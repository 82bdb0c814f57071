import { type FlagSpec, type ParsedFlags, secretFlagValues } from "./flags";
import { pkcs11Secrets } from "./pkcs11Flags";
import { PASSWORD_ENV, TPM_PASSWORD_ENV } from "./sessionInit";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The secrets a run may know from its environment alone, for the redactor: the key and TPM
 * passwords, the container credentials token and the PKCS#11 PIN. Pure.
 * @internal
 */
export const envSecrets = (env: Env): (string | undefined)[] => [
  env[PASSWORD_ENV],
  env[TPM_PASSWORD_ENV],
  env.AWS_CONTAINER_AUTHORIZATION_TOKEN,
  ...pkcs11Secrets([], env),
];

/**
 * The secrets of a command line, for the redactor: the values of secret flags as written in
 * `flagArgs` (known before parsing, so a parse error cannot echo them) and, once parsed, as
 * `flags` holds them, and the PINs in `pkcs11:` certificate and key URIs. Pure.
 * @internal
 */
export const flagSecrets = (flagArgs: readonly string[], specs: readonly FlagSpec[], flags: ParsedFlags = {}, env: Env = {}): string[] => [
  ...secretFlagValues(flagArgs, specs),
  ...specs.flatMap((f) => {
    const value = flags[f.name];
    return f.secret && typeof value === "string" ? [value] : [];
  }),
  ...pkcs11Secrets([flags.certificate, flags["private-key"]], env),
];
