import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { isPkcs11Uri } from "../key/pkcs11/pkcs11Uri";
import { CliError, UsageError } from "./errors";
import type { ParsedFlags } from "./flags";
import { checkPathValue, shownPath } from "./pathValue";
import { describeFsError } from "../node/fsError";
import { PKCS11_PIN_ENV, resolvePkcs11 } from "./pkcs11Flags";
import { parseTpmHandle } from "../key/tpm/tpmKeyRef";

/**
 * The key and certificate options the CLI derives from flags and environment (those of the
 * core's `SigningIdentityInput`, with paths for files).
 * @internal
 */
export interface CliKeyInit {
  /** A `pkcs11:` URI (a value, never a path). */
  certificate?: string;
  /** A `pkcs11:` URI or `handle:0x…` (values, never paths). */
  privateKey?: string;
  certificateFile?: string;
  privateKeyFile?: string;
  certificateChainFile?: string;
  pkcs12File?: string;
  passphrase?: string;
  pkcs11Module?: string;
  pkcs11Pin?: string;
  tpmKeyPassword?: string;
}

/**
 * The provider options the CLI derives from flags and environment, minus I/O (fetch, logger),
 * which the command adds. Mirrors the core's `FromRolesAnywhereInit` fields.
 * @internal
 */
export interface CliSessionInit extends CliKeyInit {
  trustAnchorArn: string;
  profileArn: string;
  roleArn: string;
  region?: string;
  endpoint?: string;
  durationSeconds?: number;
  roleSessionName?: string;
}

/** Environment variable for the key password, so it need not appear in `ps` output. @internal */
export const PASSWORD_ENV = "ROLES_ANYWHERE_PKCS8_PASSWORD";
/** Environment variable for the TPM key password. @internal */
export const TPM_PASSWORD_ENV = "ROLES_ANYWHERE_TPM_KEY_PASSWORD";
export { PKCS11_PIN_ENV };

const REQUIRED_ARNS = ["trust-anchor-arn", "profile-arn", "role-arn"] as const;

type Env = Readonly<Record<string, string | undefined>>;

const stringFlag =
  (flags: ParsedFlags) =>
  (name: string): string | undefined => {
    const v = flags[name];
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  };

/** A `--private-key` value that names a key rather than a file: a `pkcs11:` URI or `handle:0x…`. */
const isKeyReference = (value: string): boolean => isPkcs11Uri(value) || parseTpmHandle(value) !== undefined;

/**
 * The usage checks of the certificate and key flags (exit 2), before anything is read: content
 * pasted where a path belongs, a missing certificate or key, and the TPM password flags.
 * `requireCertificate` is false for `sign-string`, where a key alone may do.
 * @internal
 */
export function checkKeyFlags(flags: ParsedFlags, env: Env, requireCertificate = true): void {
  const str = stringFlag(flags);
  const certificate = str("certificate");
  const privateKey = str("private-key");
  // Content pasted where a path belongs is refused before anything could echo it.
  if (certificate !== undefined && !isPkcs11Uri(certificate)) checkPathValue(certificate, "--certificate");
  if (privateKey !== undefined && !isKeyReference(privateKey)) checkPathValue(privateKey, "--private-key");
  checkPathValue(str("intermediates"), "--intermediates");
  if (!certificate && !privateKey) {
    throw new UsageError(
      "no certificate given: --certificate and --private-key are both missing or empty. Pass --certificate <cert.pem> " +
        "--private-key <key.pem> (or one --certificate file holding both); if they come from variables, check the variables are set. " +
        "(Unlike aws_signing_helper, roles-anywhere never falls back to an OS certificate store.)",
    );
  }
  if (!certificate && requireCertificate) {
    throw new UsageError("--certificate is missing or empty but --private-key is set: pass --certificate <cert.pem> too.");
  }
  const tpmPassword = typeof flags["tpm-key-password"] === "string";
  if (tpmPassword && flags["no-tpm-key-password"] === true) {
    throw new UsageError("--tpm-key-password and --no-tpm-key-password contradict each other: pass the one that describes the TPM key.");
  }
  if (tpmPassword && typeof flags["pkcs8-password"] === "string") {
    throw new UsageError(
      "--pkcs8-password and --tpm-key-password cannot be used together (as in aws_signing_helper): a key is either a PKCS#8 file or a TPM key.",
    );
  }
  if (
    privateKey !== undefined &&
    parseTpmHandle(privateKey) !== undefined &&
    !tpmPassword &&
    !env[TPM_PASSWORD_ENV] &&
    flags["no-tpm-key-password"] !== true
  ) {
    throw new UsageError(
      `a TPM key handle (${privateKey}) does not say whether the key has a password. Pass --tpm-key-password <password> (or env ${TPM_PASSWORD_ENV}), ` +
        "or --no-tpm-key-password if it has none (roles-anywhere does not prompt for a handle's password).",
    );
  }
}

/**
 * The key options from flags and environment: passwords, PKCS#11 module and PIN, and the files
 * (checked to exist and be readable: runtime errors, exit 1). Call {@link checkKeyFlags} first.
 * @internal
 */
export async function resolveKeyInit(flags: ParsedFlags, env: Env, cwd: string): Promise<CliKeyInit> {
  const str = stringFlag(flags);
  const certificate = str("certificate");
  const privateKey = str("private-key");
  const init: CliKeyInit = {};
  const flagPassword = flags["pkcs8-password"];
  const passphrase = typeof flagPassword === "string" ? flagPassword : env[PASSWORD_ENV];
  if (passphrase !== undefined && passphrase !== "") init.passphrase = passphrase;
  const tpmFlag = flags["tpm-key-password"];
  const tpmKeyPassword = flags["no-tpm-key-password"] === true ? undefined : typeof tpmFlag === "string" ? tpmFlag : env[TPM_PASSWORD_ENV];
  if (tpmKeyPassword !== undefined && tpmKeyPassword !== "") init.tpmKeyPassword = tpmKeyPassword;

  const certUri = isPkcs11Uri(certificate);
  const keyReference = privateKey !== undefined && isKeyReference(privateKey);
  if (certUri || keyReference) {
    // pkcs11: URIs and TPM handles are values for the library, never paths: no file checks for them.
    if (certUri) init.certificate = certificate;
    else if (certificate) {
      init.certificateFile = absolute(certificate, cwd);
      await readHead(init.certificateFile, "--certificate");
    }
    if (keyReference) init.privateKey = privateKey;
    else if (privateKey) {
      init.privateKeyFile = absolute(privateKey, cwd);
      await readHead(init.privateKeyFile, "--private-key");
    }
  } else if (certificate === undefined) {
    init.privateKeyFile = absolute(privateKey!, cwd);
    await readHead(init.privateKeyFile, "--private-key");
  } else {
    const certPath = absolute(certificate, cwd);
    const head = await readHead(certPath, "--certificate");
    if (privateKey) {
      init.certificateFile = certPath;
      init.privateKeyFile = absolute(privateKey, cwd);
      await readHead(init.privateKeyFile, "--private-key");
    } else if (head.includes("-----BEGIN")) {
      if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(head)) {
        throw new UsageError(
          `--private-key is missing or empty and the --certificate file ${shownPath(certPath)} holds no private key: pass --private-key <key.pem> ` +
            "(or combine certificate and key in one PEM file, or pass a pkcs11: URI).",
        );
      }
      init.certificateFile = certPath;
      init.privateKeyFile = certPath;
    } else {
      init.pkcs12File = certPath;
    }
  }
  const intermediates = str("intermediates");
  if (intermediates) {
    if (init.pkcs12File) {
      throw new UsageError("--intermediates cannot be used with a PKCS#12 --certificate: the chain comes from the PKCS#12 file.");
    }
    init.certificateChainFile = absolute(intermediates, cwd);
    await readHead(init.certificateChainFile, "--intermediates");
  }
  return init;
}

/**
 * Validates the session flags (usage errors, exit 2) and checks that the files exist and are
 * readable (runtime errors, exit 1). Pure except for reading the first bytes of the certificate.
 * @internal
 */
export async function buildSessionInit(flags: ParsedFlags, env: Env, cwd: string): Promise<CliSessionInit> {
  const str = stringFlag(flags);
  checkKeyFlags(flags, env);
  const missing = REQUIRED_ARNS.filter((name) => !str(name));
  if (missing.length > 0) {
    throw new UsageError(
      `missing required flag${missing.length > 1 ? "s" : ""} ${missing.map((m) => `--${m}`).join(", ")}: ` +
        "Roles Anywhere needs the trust anchor, profile and role ARNs (arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<id>, ...:profile/<id>, arn:aws:iam::<account>:role/<name>).",
    );
  }
  const init: CliSessionInit = {
    trustAnchorArn: str("trust-anchor-arn") as string,
    profileArn: str("profile-arn") as string,
    roleArn: str("role-arn") as string,
  };

  // Range and URL checks are the library's (resolveOptions); main reports them in flag terms.
  const duration = str("session-duration");
  if (duration !== undefined) init.durationSeconds = Number(duration);

  const region = str("region") ?? regionFromEnv(env, init.trustAnchorArn);
  if (region !== undefined) init.region = region;

  const endpoint = str("endpoint") ?? nonEmpty(env.AWS_ENDPOINT_URL_ROLESANYWHERE);
  if (endpoint !== undefined) init.endpoint = endpoint;

  const sessionName = str("role-session-name");
  if (sessionName !== undefined) init.roleSessionName = sessionName;
  return resolvePkcs11({ ...init, ...(await resolveKeyInit(flags, env, cwd)) }, flags, env, cwd);
}

/**
 * `AWS_REGION` applies only when it agrees with the trust anchor's region: a shell-wide AWS_REGION
 * for other services must not break credential_process (the signing region is the anchor's).
 */
function regionFromEnv(env: Readonly<Record<string, string | undefined>>, trustAnchorArn: string): string | undefined {
  const fromEnv = nonEmpty(env.AWS_REGION);
  if (!fromEnv) return undefined;
  const arnRegion = trustAnchorArn.split(":")[3];
  return arnRegion && arnRegion !== fromEnv ? undefined : fromEnv;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/**
 * Reads up to 64 KiB of a file to check it is readable (and sniff PEM vs DER). Synchronous: it
 * runs once at start-up, where a blocking read is cheaper than loading `fs/promises` and waiting
 * on the thread pool.
 * @internal
 */
export async function readHead(path: string, flag: string): Promise<string> {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    // No bigger than a regular file (a certificate or key is a few KB): no 64 KiB buffer per file.
    const info = fstatSync(fd);
    const buffer = Buffer.allocUnsafe(info.isFile() ? Math.min(Math.max(info.size, 1), 65536) : 65536);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } catch (error) {
    throw new CliError(`cannot read the ${flag} file ${shownPath(path)}: ${describeFsError(error)}. Check the path and its permissions.`, {
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
