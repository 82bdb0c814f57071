// Test helper, run as its own process (swtpm serves one client at a time, and tpm2-pkcs11 holds
// its connection until C_Finalize): creates a PKCS#11 token in a TPM through tpm2-pkcs11 (the
// PKCS#11 calls tpm2_ptool would make), generates non-extractable P-256 and RSA-2048 keys in it,
// and has the TPM sign a CSR for each; or stores a certificate on the token.
//
//   node tpmPkcs11Token.mjs setup <module> <label> <so-pin> <user-pin>      → JSON { ec, rsa } on stdout
//   node tpmPkcs11Token.mjs import <module> <label> <user-pin> <object> <id-hex> <cert.der-file>
//
// The TPM is found through TPM2_PKCS11_TCTI and the token database through TPM2_PKCS11_STORE.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const pkcs11js = createRequire(import.meta.url)("pkcs11js");
const [command, modulePath, label, ...rest] = process.argv.slice(2);

// --- a little DER ---------------------------------------------------------------------------
const length = (n) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts.map((p) => Buffer.from(p)));
  return Buffer.concat([Buffer.from([tag, ...length(body.length)]), body]);
};
const oid = (dotted) => {
  const [a, b, ...more] = dotted.split(".").map(Number);
  const bytes = [a * 40 + b];
  for (const v of more) {
    const chunk = [v & 0x7f];
    for (let n = v >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
};
const uint = (bytes) => {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  return tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
};
const pem = (labelText, der) =>
  `-----BEGIN ${labelText}-----\n${der
    .toString("base64")
    .match(/.{1,64}/g)
    .join("\n")}\n-----END ${labelText}-----\n`;

// --- PKCS#11 ----------------------------------------------------------------------------------
const p11 = new pkcs11js.PKCS11();
p11.load(modulePath);
p11.C_Initialize();
const tokenSlot = () => p11.C_GetSlotList(true).find((slot) => p11.C_GetTokenInfo(slot).label.trim() === label);
const session = (fn, userPin) => {
  const s = p11.C_OpenSession(tokenSlot(), pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    if (userPin) p11.C_Login(s, pkcs11js.CKU_USER, userPin);
    return fn(s);
  } finally {
    p11.C_CloseSession(s); // tpm2-pkcs11 flushes the session's TPM objects: swtpm holds only 3
  }
};

const P256 = Buffer.from("06082a8648ce3d030107", "hex");
const generate = (s, kind, id) => {
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_LABEL, value: kind },
    { type: pkcs11js.CKA_ID, value: Buffer.from(id, "hex") },
  ];
  const publicTemplate =
    kind === "ec"
      ? [...common, { type: pkcs11js.CKA_VERIFY, value: true }, { type: pkcs11js.CKA_EC_PARAMS, value: P256 }]
      : [
          ...common,
          { type: pkcs11js.CKA_VERIFY, value: true },
          { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
          { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ];
  const privateTemplate = [
    ...common,
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_SIGN, value: true },
  ];
  const mechanism = { mechanism: kind === "ec" ? pkcs11js.CKM_EC_KEY_PAIR_GEN : pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN };
  return p11.C_GenerateKeyPair(s, mechanism, publicTemplate, privateTemplate);
};

const spkiOf = (s, kind, publicKey) => {
  if (kind === "ec") {
    const [{ value: point }] = p11.C_GetAttributeValue(s, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const raw = point.length === 67 && point[0] === 0x04 && point[1] === 65 ? point.subarray(2) : point; // DER OCTET STRING around the point
    return tlv(0x30, tlv(0x30, oid("1.2.840.10045.2.1"), P256), tlv(0x03, Buffer.of(0), raw));
  }
  const [{ value: n }, { value: e }] = p11.C_GetAttributeValue(s, publicKey, [
    { type: pkcs11js.CKA_MODULUS },
    { type: pkcs11js.CKA_PUBLIC_EXPONENT },
  ]);
  return tlv(0x30, tlv(0x30, oid("1.2.840.113549.1.1.1"), Buffer.of(0x05, 0x00)), tlv(0x03, Buffer.of(0), tlv(0x30, uint(n), uint(e))));
};

/** A PKCS#10 CSR whose signature the TPM makes. */
const csr = (s, kind, privateKey, spki) => {
  const subject = tlv(0x30, tlv(0x31, tlv(0x30, oid("2.5.4.3"), tlv(0x0c, Buffer.from(`tpm-pkcs11-${kind}`)))));
  const info = tlv(0x30, uint([0]), subject, spki, Buffer.of(0xa0, 0x00));
  let signature;
  if (kind === "ec") {
    p11.C_SignInit(s, { mechanism: pkcs11js.CKM_ECDSA }, privateKey);
    const raw = p11.C_Sign(s, createHash("sha256").update(info).digest(), Buffer.alloc(132));
    signature = tlv(0x30, uint(raw.subarray(0, raw.length / 2)), uint(raw.subarray(raw.length / 2)));
  } else {
    p11.C_SignInit(s, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, privateKey);
    signature = p11.C_Sign(s, info, Buffer.alloc(512));
  }
  const algorithm = kind === "ec" ? tlv(0x30, oid("1.2.840.10045.4.3.2")) : tlv(0x30, oid("1.2.840.113549.1.1.11"), Buffer.of(0x05, 0x00));
  return pem("CERTIFICATE REQUEST", tlv(0x30, info, algorithm, tlv(0x03, Buffer.of(0), signature)));
};

try {
  if (command === "setup") {
    const [soPin, userPin] = rest;
    const empty = p11.C_GetSlotList(true).find((slot) => (p11.C_GetTokenInfo(slot).flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0);
    p11.C_InitToken(empty, soPin, label.padEnd(32, " "));
    session((s) => {
      p11.C_Login(s, pkcs11js.CKU_SO, soPin);
      p11.C_InitPIN(s, userPin);
      p11.C_Logout(s);
    });
    const out = {};
    for (const [kind, id] of [
      ["ec", "01"],
      ["rsa", "02"],
    ]) {
      out[kind] = session((s) => {
        const { publicKey, privateKey } = generate(s, kind, id);
        const [sensitive, extractable] = p11.C_GetAttributeValue(s, privateKey, [
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
        ]);
        return {
          csr: csr(s, kind, privateKey, spkiOf(s, kind, publicKey)),
          sensitive: sensitive.value[0] === 1,
          extractable: extractable.value[0] === 1,
        };
      }, userPin);
    }
    process.stdout.write(JSON.stringify(out));
  } else if (command === "import") {
    const [userPin, object, idHex, certFile] = rest;
    const der = readFileSync(certFile);
    session((s) => {
      p11.C_CreateObject(s, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: object },
        { type: pkcs11js.CKA_ID, value: Buffer.from(idHex, "hex") },
        { type: pkcs11js.CKA_VALUE, value: der },
      ]);
    }, userPin);
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  p11.C_Finalize();
}
