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
} as const;
