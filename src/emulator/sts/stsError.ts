/**
 * An STS (query protocol) error, rendered as `<ErrorResponse>` XML.
 * @internal
 */
export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "StsError";
  }
}

/** STS's wording (STS CommonErrors; docs/service-behaviour.md §6). @internal */
export const STS_ERRORS = {
  invalidToken: (reason: string) =>
    new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.", reason),
  expiredToken: (reason: string) => new StsError(403, "ExpiredToken", "The security token included in the request is expired", reason),
  signatureMismatch: (reason: string) =>
    new StsError(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      reason,
    ),
  scopeMismatch: (message: string, reason: string) => new StsError(403, "SignatureDoesNotMatch", message, reason),
  signatureTime: (message: string) => new StsError(403, "SignatureDoesNotMatch", message, "request time outside the window"),
  missingToken: () =>
    new StsError(
      403,
      "MissingAuthenticationToken",
      "Request is missing Authentication Token",
      "no Authorization header or presigned query",
    ),
  incompleteSignature: (reason: string) =>
    new StsError(400, "IncompleteSignature", "The request signature does not conform to AWS standards.", reason),
  invalidAction: (action: string) =>
    new StsError(400, "InvalidAction", `Could not find operation ${action} for version 2011-06-15`, "unsupported action"),
  missingAction: () => new StsError(400, "MissingAction", "Missing Action", "no Action parameter"),
  /** The AWS (Coral) validation wording, e.g. `Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null`. */
  validation: (field: string, value: string | null, constraint: string) =>
    new StsError(
      400,
      "ValidationError",
      `1 validation error detected: Value ${value === null ? "null" : `'${value}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
      `invalid ${field}`,
    ),
  invalidParameter: (message: string, reason: string) => new StsError(400, "InvalidParameterValue", message, reason),
  /** STS's refusal of an AssumeRole (observed wording): the trust policy, or no such role. */
  notAuthorized: (callerArn: string, action: string, roleArn: string, reason: string) =>
    new StsError(403, "AccessDenied", `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`, reason),
  chainedDuration: (requested: number) =>
    new StsError(
      400,
      "ValidationError",
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      `DurationSeconds ${requested} with role session credentials`,
    ),
} as const;
