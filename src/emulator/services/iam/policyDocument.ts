import { trustPolicyProblem } from "../../policy/validateTrustPolicy";
import { fault } from "../fault";

/** IAM's default quota for a role trust policy, in characters without white space. @internal */
export const TRUST_POLICY_MAX_CHARS = 2048;
/** IAM's quota for all inline policies of one role together, in characters without white space. @internal */
export const INLINE_POLICIES_MAX_CHARS = 10240;

/** The size IAM counts against its quotas: characters that are not white space. @internal */
export const policySize = (text: string): number => text.replace(/\s+/g, "").length;

function parsePolicy(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw fault("MalformedPolicyDocumentException", "This policy contains invalid Json");
  }
}

/**
 * Checks a role trust policy as IAM does on CreateRole / UpdateAssumeRolePolicy: JSON
 * (`MalformedPolicyDocument` "This policy contains invalid Json"), the policy grammar the
 * emulator evaluates (`MalformedPolicyDocument` naming the problem), and the size quota
 * (`LimitExceeded` "Cannot exceed quota for ACLSizePerRole: 2048").
 * @returns the parsed document.
 * @internal
 */
export function checkTrustPolicy(text: string): unknown {
  const policy = parsePolicy(text);
  const problem = trustPolicyProblem(policy);
  if (problem) throw fault("MalformedPolicyDocumentException", `The trust policy ${problem}.`);
  if (policySize(text) > TRUST_POLICY_MAX_CHARS) {
    throw fault("LimitExceededException", `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX_CHARS}`);
  }
  return policy;
}

/**
 * Checks a permissions policy (stored only, never evaluated): JSON with a `Statement`.
 * @internal
 */
export function checkPermissionsPolicy(text: string): void {
  const policy = parsePolicy(text);
  if (typeof policy !== "object" || policy === null || Array.isArray(policy) || !("Statement" in policy)) {
    throw fault("MalformedPolicyDocumentException", "Syntax errors in policy.", 'the document is not an object with a "Statement"');
  }
}
