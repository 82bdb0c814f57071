/**
 * A CreateSession failure: AWS HTTP status, error type (sent as `X-Amzn-ErrorType` and `__type`),
 * AWS's message, and a detailed reason for the emulator's own diagnostics (never sent).
 * @internal
 */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/**
 * AWS's wording. Observed messages are used verbatim (see docs/service-behaviour.md §2.6);
 * where AWS's wording for a case is unknown, the choice is noted beside the helper that uses it.
 * @internal
 */
export const MESSAGES = {
  invalidSignature: "Invalid signature",
  untrusted: "Untrusted signing certificate",
  trustAnchorNotFound: "Specified Trust Anchor wasn't found.",
  invalidProfile: "Invalid or empty profile provided.",
  roleNotInProfile: "Requested Role isn't one of those listed in the Profile.",
  roleSessionNameNotAllowed: "Not authorized to set roleSessionName.",
  unableToAssume: (roleArn: string) => `Unable to assume role for ${roleArn}.`,
  // Observed text has no full stop after the ARN (docs/service-behaviour.md §2.4); kept verbatim.
  durationTooLong: (roleArn: string) =>
    `Unable to assume role for ${roleArn} The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
} as const;

/**
 * 429 ThrottlingException, AWS's usual rest-json answer over a rate quota; "Rate exceeded" is the
 * wording AWS services use for it (Roles Anywhere's own is unverified).
 * @internal
 */
export const throttled = (reason: string) => new ServiceError(429, "ThrottlingException", "Rate exceeded", reason);

/** 403 AccessDeniedException. @internal */
export const accessDenied = (message: string, reason?: string) => new ServiceError(403, "AccessDeniedException", message, reason);

/** 403 `Invalid signature` — every authentication failure, including clock skew, looks like this. @internal */
export const invalidSignature = (reason: string) => accessDenied(MESSAGES.invalidSignature, reason);

/** 403 `Untrusted signing certificate` — no valid path to an enabled anchor. @internal */
export const untrusted = (reason: string) => accessDenied(MESSAGES.untrusted, reason);

/**
 * 400 ValidationException with the standard AWS (Coral) validation wording, e.g.
 * `1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`.
 * The exact text for Roles Anywhere is unverified; this is the wording AWS uses across rest-json services.
 * @internal
 */
export const validationError = (field: string, value: unknown, constraint: string) =>
  new ServiceError(
    400,
    "ValidationException",
    `1 validation error detected: Value ${value === null || value === undefined ? "null" : `'${String(value)}'`} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
