import { type RolesAnywhereErrorCode, RolesAnywhereError } from "../errors";
import { type WordedMessage, wordedError } from "../errorWords";

const CODES: Readonly<Record<string, RolesAnywhereErrorCode>> = {
  AccessDeniedException: "ERR_ACCESS_DENIED",
  ValidationException: "ERR_VALIDATION",
  ResourceNotFoundException: "ERR_NOT_FOUND",
  ThrottlingException: "ERR_THROTTLED",
  TooManyRequestsException: "ERR_THROTTLED",
};

const BY_STATUS: Readonly<Record<number, RolesAnywhereErrorCode>> = {
  400: "ERR_VALIDATION",
  403: "ERR_ACCESS_DENIED",
  404: "ERR_NOT_FOUND",
  429: "ERR_THROTTLED",
};

const HINTS: readonly [RegExp, WordedMessage][] = [
  [
    /invalid signature/i,
    () =>
      "Likely causes, in order: the region the request was signed for differs from the endpoint's region (with a custom endpoint, sign for the region it serves); the system clock is more than 5 minutes off; the private key does not belong to the certificate.",
  ],
  [
    /untrusted signing certificate/i,
    (w) =>
      `The certificate does not chain to an enabled trust anchor: pass the intermediates with ${w.option("certificateChain")} and check the trust anchor's CA certificate.`,
  ],
  [/roleSessionName/i, (w) => `Enable acceptRoleSessionName on the profile, or stop sending ${w.name("roleSessionName")}.`],
  [
    /unable to assume role/i,
    () =>
      "Check the role's trust policy (principal rolesanywhere.amazonaws.com; sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity; its conditions against the certificate's attributes) and the role's maximum session duration.",
  ],
  [/isn't one of those listed in the profile/i, () => "Add the role to the profile's roleArns, or ask for a role the profile lists."],
  [/trust anchor/i, () => "Check the trust anchor ARN, and that the trust anchor is enabled."],
  [/profile/i, () => "Check the profile ARN, and that the profile is enabled."],
];

/** Strips `namespace#` and `:http://…` decorations from an error type; of a repeated header ("A, A") takes the first. */
const cleanType = (value: string | undefined): string | undefined =>
  value?.split(",")[0]?.split(":")[0]?.split("#").pop()?.trim() || undefined;

/**
 * Maps a CreateSession error response to a {@link RolesAnywhereError} carrying the
 * AWS error type, HTTP status and the service's message, with a hint to fix it.
 *
 * @public
 */
export const parseServiceError = (status: number, headers: Readonly<Record<string, string>>, body: string): RolesAnywhereError => {
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const errorType =
    cleanType(headers["x-amzn-errortype"]) ??
    cleanType(typeof json?.__type === "string" ? json.__type : undefined) ??
    cleanType(typeof json?.code === "string" ? json.code : undefined);
  const rawMessage = json?.message ?? json?.Message;
  const serviceMessage = typeof rawMessage === "string" ? rawMessage : undefined;
  const code: RolesAnywhereErrorCode =
    (errorType && CODES[errorType]) || BY_STATUS[status] || (status >= 500 ? "ERR_SERVICE" : "ERR_SERVICE");
  const requestId = headers["x-amzn-requestid"] ?? headers["x-amz-request-id"];
  const hint = serviceMessage ? HINTS.find(([pattern]) => pattern.test(serviceMessage))?.[1] : undefined;
  const what = serviceMessage
    ? `${errorType ?? "error"} (HTTP ${status}): ${serviceMessage.replace(/\.+$/, "")}`
    : `HTTP ${status}${errorType ? ` ${errorType}` : ""} with ${json ? "no message" : "a body that is not JSON"}`;
  const fallbackHint =
    code === "ERR_THROTTLED"
      ? "Too many CreateSession calls: share one provider between clients so credentials are cached."
      : status >= 500
        ? "The service failed; the call is retried automatically up to maxRetries times."
        : undefined;
  return wordedError(code, (words) => [`CreateSession failed: ${what}.`, hint?.(words) ?? fallbackHint].filter(Boolean).join(" "), {
    statusCode: status,
    ...(errorType ? { errorType } : {}),
    ...(serviceMessage ? { serviceMessage } : {}),
    ...(requestId ? { requestId } : {}),
  });
};
