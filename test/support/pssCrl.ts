// Test-only: CRLs signed with RSASSA-PSS (RFC 4055), built from createTestCrl's output by swapping
// the signature algorithm and re-signing the TBS with node:crypto's PSS padding.
import { constants, sign } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { createTestCrl, type TestCert } from "./pki";

const PSS = "1.2.840.113549.1.1.10";
const MGF1 = "1.2.840.113549.1.1.8";
const HASH_OIDS = {
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};
export type PssHash = keyof typeof HASH_OIDS;

export interface PssCrlOptions {
  issuer: TestCert;
  revokedSerials: bigint[];
  /** Digest of the signature (default sha256). */
  hash?: PssHash;
  /** MGF1 digest written in the parameters (default: `hash`). */
  mgfHash?: PssHash;
  /** Default: the digest length. */
  saltLength?: number;
  /**
   * "explicit" (default): hash, MGF1 and salt written out; "empty": an empty parameters SEQUENCE
   * (every field at its RFC 4055 default: SHA-1, MGF1-SHA-1, salt 20); "absent": no parameters at all.
   */
  params?: "explicit" | "empty" | "absent";
}

const hashAlgorithm = (hash: PssHash) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: HASH_OIDS[hash] }), new asn1js.Null()] });
const explicit = (n: number, inner: asn1js.BaseBlock) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export async function createPssCrl(opts: PssCrlOptions): Promise<string> {
  const defaults = opts.params === "absent" || opts.params === "empty";
  const hash: PssHash = defaults ? "sha1" : (opts.hash ?? "sha256");
  const saltLength = defaults ? 20 : (opts.saltLength ?? { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[hash]);
  const pem = await createTestCrl({ issuer: opts.issuer, revokedSerials: opts.revokedSerials });
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
  const algorithm = () =>
    opts.params === "absent"
      ? new pkijs.AlgorithmIdentifier({ algorithmId: PSS })
      : opts.params === "empty"
        ? new pkijs.AlgorithmIdentifier({ algorithmId: PSS, algorithmParams: new asn1js.Sequence({ value: [] }) })
        : new pkijs.AlgorithmIdentifier({
            algorithmId: PSS,
            algorithmParams: new asn1js.Sequence({
              value: [
                explicit(0, hashAlgorithm(hash)),
                explicit(
                  1,
                  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: MGF1 }), hashAlgorithm(opts.mgfHash ?? hash)] }),
                ),
                explicit(2, new asn1js.Integer({ value: saltLength })),
              ],
            }),
          });
  crl.signature = algorithm();
  crl.signatureAlgorithm = algorithm();
  const tbs = new Uint8Array((crl as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER(false));
  crl.tbsView = tbs;
  const signature = sign(hash, tbs, { key: opts.issuer.key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
  crl.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(signature) });
  const out = Buffer.from(crl.toSchema(false).toBER(false)).toString("base64");
  return `-----BEGIN X509 CRL-----\n${out.match(/.{1,64}/g)!.join("\n")}\n-----END X509 CRL-----\n`;
}
