import { RolesAnywhereError } from "../../errors";

/**
 * Turns what a failed `openssl … -provider tpm2` run wrote to stderr into a typed error. The
 * text is the TPM stack's own (no key material, no password); only a short summary line is kept.
 * Pure.
 *
 * @internal
 */
export const tpmFailure = (stderr: string, key: string): RolesAnywhereError => {
  if (/authorization HMAC check failed|TPM_RC_AUTH_FAIL|TPM_RC_BAD_AUTH|ErrorCode \(0x0000098e\)|ErrorCode \(0x000009a2\)/i.test(stderr)) {
    return new RolesAnywhereError(
      "ERR_BAD_PASSPHRASE",
      `The TPM refused the password of the key ${key}. Pass the key's password (tpmKeyPassword; CLI: --tpm-key-password or ROLES_ANYWHERE_TPM_KEY_PASSWORD), exactly as set when the key was created. Each wrong password counts towards the TPM's dictionary-attack lockout.`,
    );
  }
  if (/DA lockout|TPM_RC_LOCKOUT|ErrorCode \(0x00000921\)/i.test(stderr)) {
    return new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `The TPM is in dictionary-attack lockout after too many wrong key passwords, so it refuses the key ${key} for now. Wait for the lockout to end, or reset it with the lockout authorization (tpm2_dictionarylockout --clear-lockout).`,
    );
  }
  if (/unable to load provider tpm2|provider.*tpm2.*(not found|could not be loaded)|tpm2\.so.*(cannot open|No such file)/i.test(stderr)) {
    return new RolesAnywhereError(
      "ERR_UNSUPPORTED_KEY",
      "TPM keys need the tpm2 provider of OpenSSL 3 (Debian/Ubuntu: apt-get install tpm2-openssl; Fedora: dnf install tpm2-openssl).",
    );
  }
  if (
    /tcti|Esys_Initialize|Tss2_TctiLdr|Connection refused|\/dev\/tpm/i.test(stderr) &&
    /init|open|connect|fail/i.test(stderr) &&
    !/Esys_Sign|Esys_Load\b/.test(stderr)
  ) {
    return new RolesAnywhereError(
      "ERR_FILE",
      `The TPM could not be reached for the key ${key}. Check that /dev/tpmrm0 exists and is readable by this user (group tss), or set TPM2OPENSSL_TCTI (e.g. device:/dev/tpmrm0) or TPM_DEVICE.`,
    );
  }
  if (/the handle is not correct for the use|ErrorCode \(0x0000018b\)|TPM_RC_HANDLE/i.test(stderr)) {
    return new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `The TPM has no key at ${key}. List the persistent handles with tpm2_getcap handles-persistent.`,
    );
  }
  if (/integrity check failed|TPM_RC_INTEGRITY|ErrorCode \(0x0000019f\)|ErrorCode \(0x000001df\)/i.test(stderr)) {
    return new RolesAnywhereError(
      "ERR_INVALID_PRIVATE_KEY",
      `This TPM cannot load the key ${key}: the key file was made by another TPM, or under another parent key. Use the key file created on this machine.`,
    );
  }
  return new RolesAnywhereError("ERR_INVALID_PRIVATE_KEY", `Signing with the TPM key ${key} failed: ${summary(stderr)}.`);
};

/** The most telling line of the TPM stack's output, without OpenSSL's thread and address prefixes. */
const summary = (stderr: string): string => {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^Enter pass phrase/i.test(line));
  const line = [...lines].reverse().find((l) => /error/i.test(l)) ?? lines.at(-1) ?? "no output";
  const clean = line.replace(/^[0-9A-F]{8,}:error:[0-9A-F]+:/i, "").replace(/[^\x20-\x7e]/g, "");
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
};
