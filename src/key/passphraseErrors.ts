import { RolesAnywhereError } from "../errors";
import { type OptionWords, wordedError } from "../errorWords";

const how = (words: OptionWords): string => `Pass the key's passphrase with ${words.option("passphrase")}`;

/**
 * The key (or PKCS#12 file) is encrypted and no passphrase was given.
 *
 * @internal
 */
export const missingPassphrase = (what: string): RolesAnywhereError =>
  wordedError("ERR_BAD_PASSPHRASE", (words) => `The ${what} is encrypted and no passphrase was given. ${how(words)}.`);

/**
 * The passphrase does not decrypt (or authenticate) the data. Never names the passphrase.
 *
 * @internal
 */
export const wrongPassphrase = (what: string): RolesAnywhereError =>
  wordedError(
    "ERR_BAD_PASSPHRASE",
    (words) => `The passphrase does not decrypt the ${what}: it is wrong, or the file is damaged. ${how(words)}, exactly as it was set.`,
  );

/**
 * An encryption scheme or parameter this package does not implement.
 *
 * @internal
 */
export const unsupportedEncryption = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_UNSUPPORTED_KEY",
    `${detail}. Re-encrypt the key with PBES2 (PBKDF2 + AES-256-CBC), e.g. "openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-enc.pem", or decrypt it.`,
  );

/**
 * Malformed encryption parameters.
 *
 * @internal
 */
export const malformedEncryption = (what: string, detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_PRIVATE_KEY",
    `The ${what}'s encryption parameters are malformed: ${detail}. Check that the file is complete.`,
  );
