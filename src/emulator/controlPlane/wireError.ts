import type { ServiceModel } from "./models/types";

/** An error as one protocol sends it. @internal */
export interface WireError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** For `onEvent` only; never sent. */
  readonly reason?: string;
}

/** The three wire protocols of the control plane. @internal */
export type Protocol = "rest-json" | "json" | "query";

/** Codes of errors every service of a protocol may send that are not in its model. */
const COMMON: Record<Protocol, Record<string, { code: string; status: number }>> = {
  "rest-json": {
    AccessDeniedException: { code: "AccessDeniedException", status: 403 },
    ValidationException: { code: "ValidationException", status: 400 },
    SerializationException: { code: "SerializationException", status: 400 },
    UnknownOperationException: { code: "UnknownOperationException", status: 404 },
  },
  json: {
    AccessDeniedException: { code: "AccessDeniedException", status: 400 },
    ValidationException: { code: "ValidationException", status: 400 },
    SerializationException: { code: "SerializationException", status: 400 },
    UnknownOperationException: { code: "UnknownOperationException", status: 400 },
  },
  query: {
    AccessDeniedException: { code: "AccessDenied", status: 403 },
    ValidationException: { code: "ValidationError", status: 400 },
    SerializationException: { code: "MalformedInput", status: 400 },
    UnknownOperationException: { code: "InvalidAction", status: 400 },
  },
};

/**
 * STS's authentication codes (which IAM shares, being a query service) as each protocol names
 * them: JSON services say `UnrecognizedClientException` for an unknown key and
 * `InvalidSignatureException` for a bad signature or a stale date.
 */
const AUTH: Record<Exclude<Protocol, "query">, Record<string, string>> = {
  "rest-json": {
    InvalidClientTokenId: "UnrecognizedClientException",
    SignatureDoesNotMatch: "InvalidSignatureException",
    IncompleteSignature: "IncompleteSignatureException",
    MissingAuthenticationToken: "MissingAuthenticationTokenException",
    ExpiredToken: "ExpiredTokenException",
  },
  json: {
    InvalidClientTokenId: "UnrecognizedClientException",
    SignatureDoesNotMatch: "InvalidSignatureException",
    IncompleteSignature: "IncompleteSignatureException",
    MissingAuthenticationToken: "MissingAuthenticationTokenException",
    ExpiredToken: "ExpiredTokenException",
  },
};

/**
 * A service fault (`type` = the model's error shape name, or a common one) as `protocol` sends
 * it: the model's wire code and HTTP status when it has them, else the protocol's default
 * (400 for JSON 1.1, whose models carry no statuses).
 * @internal
 */
export function faultToWire(model: ServiceModel, protocol: Protocol, type: string, message: string, reason?: string): WireError {
  const common = COMMON[protocol][type];
  const shape = model.shapes[type];
  const code = shape?.error?.code ?? common?.code ?? type;
  const status = shape?.error?.httpStatusCode ?? common?.status ?? 400;
  return { status, code, message, ...(reason === undefined ? {} : { reason }) };
}

/**
 * An authentication failure (an `StsError` code and status) as `protocol` sends it. rest-json
 * services answer 403 (400 for a malformed signature), JSON 1.1 services 400, query services as
 * STS does.
 * @internal
 */
export function authToWire(protocol: Protocol, error: { status: number; code: string; message: string; reason?: string }): WireError {
  const reason = error.reason === undefined ? {} : { reason: error.reason };
  if (protocol === "query") return { status: error.status, code: error.code, message: error.message, ...reason };
  const code = AUTH[protocol][error.code] ?? error.code;
  const status = protocol === "json" ? 400 : error.code === "IncompleteSignature" ? 400 : 403;
  return { status, code, message: error.message, ...reason };
}
