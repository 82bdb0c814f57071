import { RolesAnywhereError } from "../../../errors";
import { caProblem } from "../../pki/certificateChecks";
import { loadCertificate, type LoadedCertificate } from "../../pki/loadCertificate";
import { loadCertificates } from "../../state/EmulatorState";
import type { TrustAnchorSource } from "../../state/records";
import { certificateAuthorityByArn } from "../acmPca/lookup";
import type { ServiceContext } from "../context";
import { ServiceFault, fault } from "../fault";

/** The `Source` member of CreateTrustAnchor / UpdateTrustAnchor. @internal */
export interface SourceInput {
  sourceType?: string;
  sourceData?: { x509CertificateData?: string; acmPcaArn?: string };
}

const invalid = (message: string, reason?: string) => fault("ValidationException", message, reason);

function bundleCertificates(ctx: ServiceContext, pem: string): LoadedCertificate[] {
  let certificates: LoadedCertificate[];
  try {
    certificates = loadCertificates(pem, "x509CertificateData");
  } catch (error) {
    const why = error instanceof RolesAnywhereError ? error.message : "it could not be parsed";
    throw invalid(`Invalid certificate bundle: ${why.replace(/^x509CertificateData: /, "")}`);
  }
  for (const cert of certificates) {
    const problem = caProblem(cert, 1, true, ctx.now);
    if (problem) throw invalid(`Invalid certificate bundle: ${problem}.`);
  }
  return certificates;
}

function pcaCertificate(ctx: ServiceContext, arn: string): LoadedCertificate {
  let ca;
  try {
    ca = certificateAuthorityByArn(ctx.state, arn);
  } catch (error) {
    if (error instanceof ServiceFault) throw invalid(`Invalid ACM PCA ARN ${arn}: ${error.message}`);
    throw error;
  }
  if (ca.status !== "ACTIVE" || !ca.certificateDer) {
    throw invalid(`The private certificate authority ${arn} is not ACTIVE (it is ${ca.status}).`);
  }
  return loadCertificate(ca.certificateDer);
}

/**
 * Checks a trust anchor source and loads its certificates: a `CERTIFICATE_BUNDLE` of one or two
 * PEM CA certificates (CA basic constraint, keyCertSign, strong signature, valid now), or an
 * `AWS_ACM_PCA` private CA that exists and is `ACTIVE` (its certificate is captured now: a later
 * change of the CA needs an UpdateTrustAnchor, as with AWS). Anything else is a
 * `ValidationException` naming the problem (the wording is the emulator's).
 * @throws ServiceFault ValidationException
 * @internal
 */
export function resolveTrustAnchorSource(
  ctx: ServiceContext,
  input: SourceInput,
): { source: TrustAnchorSource; certificates: LoadedCertificate[] } {
  const data = input.sourceData ?? {};
  switch (input.sourceType) {
    case "CERTIFICATE_BUNDLE": {
      if (data.x509CertificateData === undefined) throw invalid("A CERTIFICATE_BUNDLE source needs sourceData.x509CertificateData (PEM).");
      return {
        source: { sourceType: "CERTIFICATE_BUNDLE", sourceData: { x509CertificateData: data.x509CertificateData } },
        certificates: bundleCertificates(ctx, data.x509CertificateData),
      };
    }
    case "AWS_ACM_PCA": {
      if (data.acmPcaArn === undefined) throw invalid("An AWS_ACM_PCA source needs sourceData.acmPcaArn.");
      return {
        source: { sourceType: "AWS_ACM_PCA", sourceData: { acmPcaArn: data.acmPcaArn } },
        certificates: [pcaCertificate(ctx, data.acmPcaArn)],
      };
    }
    case undefined:
      throw invalid("1 validation error detected: Value null at 'source.sourceType' failed to satisfy constraint: Member must not be null");
    default:
      throw invalid(`Trust anchor source type ${input.sourceType} is not supported by the emulator (CERTIFICATE_BUNDLE, AWS_ACM_PCA).`);
  }
}
