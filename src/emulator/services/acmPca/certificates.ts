import { randomBytes } from "node:crypto";
import { bytesEqual } from "../../../encoding/der";
import { encodePem } from "../../../encoding/pem";
import { buildCertificate } from "../../pki/buildCertificate";
import { signingFitsKey } from "../../pki/caKeys";
import { parseCsr } from "../../pki/csr";
import { loadCertificate } from "../../pki/loadCertificate";
import { templateOf } from "../../pki/pcaTemplates";
import type { PcaSigningAlgorithm } from "../../state/pcaRecords";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { caKeyOf, csrFromBlob, subjectNameOf } from "./caMaterial";
import { certificateAuthorityByArn } from "./lookup";

type Input = Record<string, unknown>;
type Validity = { Value: number; Type: string };

const DAY = 86_400_000;

/** When a `Validity` ends, from `start` (DAYS, MONTHS, YEARS, END_DATE `YYYYMMDDHHMMSS`, ABSOLUTE epoch seconds). @internal */
export function validityEnd(validity: Validity, start: Date): Date {
  const { Value: v, Type: type } = validity;
  const d = new Date(start.getTime());
  switch (type) {
    case "DAYS":
      return new Date(start.getTime() + v * DAY);
    case "MONTHS":
      d.setUTCMonth(d.getUTCMonth() + v);
      return d;
    case "YEARS":
      d.setUTCFullYear(d.getUTCFullYear() + v);
      return d;
    case "ABSOLUTE":
      return new Date(v * 1000);
    case "END_DATE": {
      const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(String(v));
      if (!m) throw fault("InvalidArgsException", `Validity END_DATE ${v} is not YYYYMMDDHHMMSS.`);
      return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
    }
    default:
      throw fault("InvalidArgsException", `Validity Type ${type} is not supported.`);
  }
}

function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return BigInt(`0x${bytes.toString("hex")}`) || 1n;
}

/**
 * IssueCertificate with one of ACM PCA's templates (default `EndEntityCertificate/V1`). A root
 * CA signs its own certificate from its own CSR with `RootCACertificate/V1` while it is
 * `PENDING_CERTIFICATE`; everything else needs an `ACTIVE` CA and may not outlive the CA's
 * certificate. The certificate is ready at once (GetCertificate never answers
 * `RequestInProgressException` here).
 * @internal
 */
export function issueCertificate(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const template = templateOf(input["TemplateArn"] as string | undefined);
  if (!template)
    throw fault("InvalidArgsException", `The template ARN ${String(input["TemplateArn"])} is not a template the emulator knows.`);
  const signing = input["SigningAlgorithm"] as PcaSigningAlgorithm;
  if (!signingFitsKey(signing, ca.keyAlgorithm)) {
    throw fault("InvalidArgsException", `SigningAlgorithm ${signing} does not match the certificate authority's key (${ca.keyAlgorithm}).`);
  }
  const csrDer = csrFromBlob(input["Csr"] as Uint8Array);
  const csr = csrDer ? parseCsr(csrDer) : { problem: "the CSR is not PEM or DER" };
  if ("problem" in csr) throw fault("MalformedCSRException", `The CSR is not valid: ${csr.problem}.`);
  const key = caKeyOf(ca);
  const notBefore =
    input["ValidityNotBefore"] === undefined
      ? new Date(ctx.now.getTime() - 60_000)
      : validityEnd(input["ValidityNotBefore"] as Validity, ctx.now);
  const notAfter = validityEnd(input["Validity"] as Validity, ctx.now);
  if (notAfter.getTime() <= ctx.now.getTime()) throw fault("InvalidArgsException", "The validity period must end in the future.");
  let issuer: Uint8Array;
  if (template.spec.selfSigned) {
    if (ca.type !== "ROOT") throw fault("InvalidArgsException", "RootCACertificate/V1 is only for a root CA's own certificate.");
    if (!bytesEqual(csr.spki, key.spki)) throw fault("InvalidArgsException", "RootCACertificate/V1 must be issued from the CA's own CSR.");
    if (ca.status !== "PENDING_CERTIFICATE" && ca.status !== "ACTIVE")
      throw fault("InvalidStateException", `The certificate authority is ${ca.status}.`);
    issuer = csr.subject;
  } else {
    if (ca.status !== "ACTIVE" || !ca.certificateDer) {
      throw fault("InvalidStateException", `The certificate authority ${ca.arn} is ${ca.status}; it issues certificates only when ACTIVE.`);
    }
    const caCert = loadCertificate(ca.certificateDer);
    if (notAfter.getTime() > caCert.info.notAfter.getTime()) {
      throw fault("InvalidArgsException", "The certificate's validity would end after the certificate authority's.");
    }
    issuer = subjectNameOf(caCert);
  }
  const serial = randomSerial();
  const der = buildCertificate({
    serial,
    issuer,
    subject: csr.subject,
    spki: csr.spki,
    issuerSpki: key.spki,
    notBefore,
    notAfter,
    template: template.spec,
    ...(csr.subjectAltName ? { subjectAltName: csr.subjectAltName } : {}),
    signing,
    signerKey: key.privateKey,
  });
  const serialHex = serial.toString(16);
  const arn = `${ca.arn}/certificate/${serialHex}`;
  ca.issued.set(serialHex, { arn, serialHex, der, issuedAt: ctx.now });
  return { CertificateArn: arn };
}

/** GetCertificate: the certificate and the chain above it (the CA's certificate and its chain), PEM. @internal */
export function getCertificate(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const arn = input["CertificateArn"] as string;
  const m = /\/certificate\/([0-9a-f]+)$/.exec(arn);
  if (!m || !arn.startsWith(`${ca.arn}/certificate/`))
    throw fault("InvalidArnException", `The certificate ARN ${arn} is not valid for ${ca.arn}.`);
  const issued = ca.issued.get(m[1]!);
  if (!issued) throw fault("ResourceNotFoundException", `Could not find certificate ${arn}.`);
  const chain = ca.certificateDer ? [ca.certificateDer, ...ca.chainDer] : [];
  const ownCertificate = ca.certificateDer !== undefined && bytesEqual(issued.der, ca.certificateDer);
  return {
    Certificate: encodePem("CERTIFICATE", issued.der),
    ...(chain.length > 0 && !ownCertificate ? { CertificateChain: chain.map((d) => encodePem("CERTIFICATE", d)).join("") } : {}),
  };
}

/**
 * RevokeCertificate: records the revocation (serial as hex, with or without colons). ACM PCA
 * publishes revocations in CRLs or OCSP that Roles Anywhere does not read; import a CRL into the
 * trust anchor to refuse the certificate there.
 * @internal
 */
export function revokeCertificate(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (ca.status !== "ACTIVE" && ca.status !== "DISABLED")
    throw fault("InvalidStateException", `The certificate authority is ${ca.status}.`);
  const serialHex = (input["CertificateSerial"] as string)
    .replace(/:/g, "")
    .toLowerCase()
    .replace(/^0+(?=.)/, "");
  const issued = ca.issued.get(serialHex);
  if (!issued) throw fault("ResourceNotFoundException", `Could not find a certificate with serial ${String(input["CertificateSerial"])}.`);
  if (issued.revokedAt) throw fault("RequestAlreadyProcessedException", "The certificate is already revoked.");
  issued.revokedAt = ctx.now;
  issued.revocationReason = input["RevocationReason"] as string;
  return {};
}
