// RC2 (RFC 2268) decryption in CBC mode, for legacy PKCS#12 files
// (`pbeWithSHAAnd40BitRC2-CBC`), which OpenSSL 3 and Node only offer through the legacy provider.

const PITABLE = Uint8Array.from(
  (
    "d978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82" +
    "54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7" +
    "08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731" +
    "2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad"
  )
    .match(/../g)!
    .map((hex) => parseInt(hex, 16)),
);

/**
 * Expands an RC2 key with `effectiveBits` effective key bits into 64 16-bit words.
 *
 * @internal
 */
export const rc2ExpandKey = (key: Uint8Array, effectiveBits: number): Uint16Array => {
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = Math.ceil(effectiveBits / 8);
  const TM = 0xff % 2 ** (8 + effectiveBits - 8 * T8);
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  L.fill(0);
  return K;
};

const SHIFTS = [1, 2, 3, 5] as const;

const decryptBlock = (K: Uint16Array, block: Uint8Array): Uint8Array => {
  const R = [0, 1, 2, 3].map((i) => block[2 * i]! | (block[2 * i + 1]! << 8));
  let j = 63;
  const mixRound = (): void => {
    for (let i = 3; i >= 0; i--) {
      const s = SHIFTS[i]!;
      R[i] = ((R[i]! >>> s) | (R[i]! << (16 - s))) & 0xffff;
      R[i] = (R[i]! - K[j--]! - (R[(i + 3) & 3]! & R[(i + 2) & 3]!) - (~R[(i + 3) & 3]! & R[(i + 1) & 3]!)) & 0xffff;
    }
  };
  const mashRound = (): void => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 5; n++) mixRound();
  mashRound();
  for (let n = 0; n < 6; n++) mixRound();
  mashRound();
  for (let n = 0; n < 5; n++) mixRound();
  const out = new Uint8Array(8);
  for (let i = 0; i < 4; i++) {
    out[2 * i] = R[i]! & 0xff;
    out[2 * i + 1] = R[i]! >> 8;
  }
  return out;
};

/**
 * Decrypts RC2-CBC data and strips PKCS#7 padding. Returns `undefined` when the
 * padding is wrong (a wrong key).
 *
 * @internal
 */
export const rc2CbcDecrypt = (key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined => {
  if (data.length === 0 || data.length % 8 !== 0 || iv.length !== 8) return undefined;
  const K = rc2ExpandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  let previous = iv;
  for (let offset = 0; offset < data.length; offset += 8) {
    const block = data.subarray(offset, offset + 8);
    const plain = decryptBlock(K, block);
    for (let i = 0; i < 8; i++) out[offset + i] = plain[i]! ^ previous[i]!;
    previous = block;
  }
  K.fill(0);
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((byte) => byte !== pad)) {
    out.fill(0);
    return undefined;
  }
  return out.subarray(0, out.length - pad);
};
