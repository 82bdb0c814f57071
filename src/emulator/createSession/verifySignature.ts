import { verify } from "node:crypto";
import { RolesAnywhereError } from "../../errors";
import { ALGORITHM_ECDSA, ALGORITHM_RSA, SERVICE_NAME } from "../../protocol/constants";
import { canonicalQueryFromSearch } from "../../signature/canonicalQuery";
import { createCanonicalRequest } from "../../signature/canonicalRequest";
import { createScope } from "../../signature/scope";
import { createStringToSign } from "../../signature/stringToSign";
import { parseAuthorization } from "../../signature/authorization";
import { fromBase64 } from "../../encoding/base64";
import { ALGORITHM_MLDSA } from "../../protocol/constants";
import { invalidSignature, untrusted } from "../http/serviceError";
import type { ReceivedRequest } from "../http/receivedRequest";
import { publicKeyProblem } from "../pki/keyLimits";
import { loadCertificate, type LoadedCertificate } from "../pki/loadCertificate";
import { requestCertificates } from "../pki/certificateMemo";
import { MlDsaChecks } from "../pki/mlDsaChecks";
import { parseAmzDate } from "../sigv4/amzDate";
import { canonicalPathOf } from "../sigv4/canonicalPath";
import { payloadHashOf } from "../sigv4/payloadHash";

/** What the signature check needs besides the request. @internal */
export interface SignatureCheckOptions {
  /** The emulator's region: the credential scope must name it. */
  readonly region: string;
  readonly now: Date;
  /** Allowed |X-Amz-Date − now| in seconds. */
  readonly clockSkewSeconds: number;
  /** Answers ML-DSA checks (`AWS4-X509-MLDSA`); without it an ML-DSA signature never verifies. */
  readonly mlDsa?: MlDsaChecks;
}

/** A request whose SigV4-X509 signature verified. @internal */
export interface VerifiedSignature {
  readonly leaf: LoadedCertificate;
  readonly algorithm: string;
  readonly signedHeaders: readonly string[];
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/** What is wrong with a certificate's serial number, if anything (RFC 5280 §4.1.2.2: positive). */
const serialProblemFor = (leaf: LoadedCertificate): string | undefined =>
  leaf.info.serialNumber === 0n
    ? "the certificate serial number is 0 (RFC 5280 requires a positive serial)"
    : leaf.info.serialNumber < 0n
      ? `the certificate serial number is negative (${leaf.info.serialDecimal}; RFC 5280 requires a positive serial)`
      : undefined;

/** The serial problem of the request's X-Amz-X509 certificate, when it has one (a negative serial makes `Credential=` unparseable). */
const serialProblemOf = (request: ReceivedRequest): string | undefined => {
  const der = fromBase64((request.headers["x-amz-x509"] ?? "").trim());
  if (!der || der.length === 0) return undefined;
  try {
    return serialProblemFor(loadCertificate(der));
  } catch (error) {
    const detail = parseDetail(error);
    return /serial/.test(detail) ? `X-Amz-X509 is not an X.509 certificate${detail}` : undefined;
  }
};

/** The parser's own words about why a certificate could not be read, as a suffix (": the serial number is empty …"). */
const parseDetail = (error: unknown): string => {
  const detail = error instanceof RolesAnywhereError ? /could not be parsed: (.*?)\. Provide/.exec(error.message)?.[1] : undefined;
  return detail ? `: ${detail}` : "";
};

const KEY_TYPE_OF: Readonly<Record<string, string>> = { [ALGORITHM_RSA]: "RSA", [ALGORITHM_ECDSA]: "EC", [ALGORITHM_MLDSA]: "ML-DSA" };

/**
 * Verifies the SigV4-X509 signature of a received CreateSession request the way Roles
 * Anywhere does (docs/service-behaviour.md §1 and §3.5): Authorization shape; signed
 * `host`, `x-amz-date`, `x-amz-x509` (and `x-amz-x509-chain` when sent); the leaf from
 * `X-Amz-X509`; decimal serial equal to `Credential=`; algorithm matching the key type; scope
 * date equal to `X-Amz-Date`'s date, scope region equal to the emulator's, and the date
 * within the skew window; then the signature over the canonical request rebuilt from the
 * received method, path, query, exactly the signed headers and the raw body hash
 * (RSA PKCS#1 v1.5 SHA-256, ECDSA SHA-256 with a DER signature, or pure ML-DSA-44/65/87 over
 * the string to sign for `AWS4-X509-MLDSA`). ML-DSA keys never reach node:crypto (Node 20 cannot
 * load them): they are checked through `options.mlDsa` (see {@link MlDsaChecks}).
 *
 * Every failure is `403 AccessDeniedException: Invalid signature`, the only wording AWS uses
 * (a skewed clock included); the thrown error's `reason` says which check failed. A leaf whose key
 * the emulator does not verify with (see `publicKeyProblem`) is `Untrusted signing certificate`
 * before any signature work.
 * @internal
 */
export function verifyCreateSessionSignature(request: ReceivedRequest, options: SignatureCheckOptions): VerifiedSignature {
  const authorization = request.headers["authorization"];
  if (authorization === undefined) throw invalidSignature("the request has no Authorization header");
  const auth = parseAuthorization(authorization);
  if (!auth) throw invalidSignature(serialProblemOf(request) ?? "the Authorization header is not SigV4-X509 shaped");
  if (auth.service !== SERVICE_NAME) throw invalidSignature(`the credential scope names service "${auth.service}"`);
  const keyType = KEY_TYPE_OF[auth.algorithm];
  if (keyType === undefined) throw invalidSignature(`unsupported algorithm ${auth.algorithm}`);

  const signed = new Set(auth.signedHeaders);
  for (const name of ["host", "x-amz-date", "x-amz-x509"]) {
    if (!signed.has(name)) throw invalidSignature(`SignedHeaders lacks ${name}`);
  }
  if (request.headers["x-amz-x509-chain"] !== undefined && !signed.has("x-amz-x509-chain")) {
    throw invalidSignature("X-Amz-X509-Chain was sent but not signed");
  }
  for (const name of signed) {
    if (request.headers[name] === undefined) throw invalidSignature(`signed header ${name} is missing from the request`);
  }

  const x509 = (request.headers["x-amz-x509"] ?? "").trim();
  const der = fromBase64(x509);
  if (!der || der.length === 0) throw invalidSignature("X-Amz-X509 is not base64");
  let leaf: LoadedCertificate;
  try {
    leaf = requestCertificates(x509, () => loadCertificate(der));
  } catch (error) {
    throw invalidSignature(`X-Amz-X509 is not an X.509 certificate${parseDetail(error)}`);
  }
  const serialProblem = serialProblemFor(leaf);
  if (serialProblem) throw invalidSignature(serialProblem);
  if (leaf.info.serialDecimal !== auth.serialDecimal) {
    throw invalidSignature(`Credential serial ${auth.serialDecimal} is not the certificate's ${leaf.info.serialDecimal}`);
  }
  if (leaf.info.publicKey.type !== keyType) {
    throw invalidSignature(`${auth.algorithm} does not fit a ${leaf.info.publicKey.type} key`);
  }

  const amzDate = request.headers["x-amz-date"]!.trim();
  const date = parseAmzDate(amzDate);
  if (!date) throw invalidSignature(`X-Amz-Date "${amzDate}" is not YYYYMMDDTHHMMSSZ`);
  if (auth.date !== amzDate.slice(0, 8)) throw invalidSignature("the credential scope date is not X-Amz-Date's date");
  if (auth.region !== options.region) throw invalidSignature(`the credential scope region ${auth.region} is not ${options.region}`);
  const skew = Math.abs(date.getTime() - options.now.getTime()) / 1000;
  if (skew > options.clockSkewSeconds) {
    throw invalidSignature(`X-Amz-Date is ${Math.round(skew)} s away from the emulator clock (allowed ${options.clockSkewSeconds} s)`);
  }

  // Checked before the signature: a certificate's key sets what verifying with it costs.
  const keyIssue = publicKeyProblem(leaf.info);
  if (keyIssue) throw untrusted(`the certificate (serial ${leaf.info.serialHex}) cannot sign requests: ${keyIssue}`);

  const payloadHash = payloadHashOf(request);
  if (payloadHash === undefined) throw invalidSignature("X-Amz-Content-Sha256 does not match the body");
  const canonicalRequest = createCanonicalRequest({
    method: request.method,
    path: canonicalPathOf(request.path),
    canonicalQuery: canonicalQueryFromSearch(request.search),
    headers: request.headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
  });
  const stringToSign = createStringToSign(auth.algorithm, amzDate, createScope(amzDate, auth.region), canonicalRequest);
  const message = new TextEncoder().encode(stringToSign);
  const signature = new Uint8Array(Buffer.from(auth.signatureHex, "hex"));
  let ok: boolean | undefined = false;
  if (keyType === "ML-DSA") {
    ok = (options.mlDsa ?? new MlDsaChecks()).verify(leaf.info, message, signature);
    if (ok === undefined) throw invalidSignature("the ML-DSA signature has not been checked yet (it is checked asynchronously)");
  } else {
    try {
      ok = verify("sha256", message, { key: leaf.x509.publicKey, dsaEncoding: "der" }, signature);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw invalidSignature("the signature does not verify over the rebuilt canonical request");
  return { leaf, algorithm: auth.algorithm, signedHeaders: auth.signedHeaders, canonicalRequest, stringToSign };
}
