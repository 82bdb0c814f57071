import type { PemBlock } from "../encoding/pem";
import { loadNodeCrypto, nodeDecipher } from "./nodeCrypto";
import { malformedEncryption, missingPassphrase, unsupportedEncryption, wrongPassphrase } from "./passphraseErrors";

const CIPHERS: Readonly<Record<string, { node: string; keyBytes: number; ivBytes: number }>> = {
  "AES-128-CBC": { node: "aes-128-cbc", keyBytes: 16, ivBytes: 16 },
  "AES-192-CBC": { node: "aes-192-cbc", keyBytes: 24, ivBytes: 16 },
  "AES-256-CBC": { node: "aes-256-cbc", keyBytes: 32, ivBytes: 16 },
  "DES-EDE3-CBC": { node: "des-ede3-cbc", keyBytes: 24, ivBytes: 8 },
};

export { isLegacyEncryptedPem } from "./encryptionDetect";

/**
 * Decrypts a legacy OpenSSL-encrypted PEM body (`openssl rsa -aes256`, `openssl ec -des3`,
 * …): key from `EVP_BytesToKey` (MD5, one round, salt = first 8 IV bytes), then CBC.
 * Needs `node:crypto` (MD5 is not in WebCrypto), loaded lazily.
 *
 * @internal
 */
export const decryptLegacyPem = async (block: PemBlock, passphrase: string | undefined): Promise<Uint8Array> => {
  const what = "private key";
  if (passphrase === undefined) throw missingPassphrase(what);
  const [name = "", ivHex = ""] = (block.headers["DEK-Info"] ?? "").split(",").map((part) => part.trim());
  const cipher = CIPHERS[name.toUpperCase()];
  if (!cipher)
    throw unsupportedEncryption(
      `The legacy-encrypted PEM key uses the cipher "${name || "(none)"}", which is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)`,
    );
  if (!new RegExp(`^[0-9a-fA-F]{${cipher.ivBytes * 2}}$`).test(ivHex))
    throw malformedEncryption(what, "the DEK-Info IV is not hexadecimal of the cipher's block size");
  const crypto = await loadNodeCrypto();
  if (!crypto) throw unsupportedEncryption("Legacy-encrypted PEM keys need node:crypto (Node, Deno or Bun)");
  const iv = Uint8Array.from(ivHex.match(/../g)!.map((hex) => parseInt(hex, 16)));
  const password = new TextEncoder().encode(passphrase);
  const key = new Uint8Array(cipher.keyBytes);
  let previous = new Uint8Array(0);
  for (let filled = 0; filled < key.length;) {
    previous = new Uint8Array(crypto.createHash("md5").update(previous).update(password).update(iv.subarray(0, 8)).digest());
    key.set(previous.subarray(0, key.length - filled), filled);
    filled += previous.length;
  }
  password.fill(0);
  try {
    return nodeDecipher(crypto, cipher.node, key, iv, block.der);
  } catch {
    throw wrongPassphrase(what);
  } finally {
    key.fill(0);
    previous.fill(0);
  }
};
