import type { CertificateAuthorityRecord } from "../../state/pcaRecords";
import type { EmulatorState } from "../../state/EmulatorState";
import { fault } from "../fault";

const CA_ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;

/**
 * The private CA an ARN names. A malformed ARN is `InvalidArnException`, an unknown or purged one
 * `ResourceNotFoundException`, as ACM PCA answers.
 * @internal
 */
export function certificateAuthorityByArn(state: EmulatorState, arn: string): CertificateAuthorityRecord {
  if (!CA_ARN.test(arn)) throw fault("InvalidArnException", `The ARN ${arn} is not valid.`);
  const ca = state.certificateAuthorities.get(arn);
  if (!ca) throw fault("ResourceNotFoundException", `Could not find certificate authority ${arn}.`);
  return ca;
}
