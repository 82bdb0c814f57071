import { ServiceError, validationError } from "../http/serviceError";
import type { ReceivedRequest } from "../http/receivedRequest";

/** The CreateSession input after deserialization. @internal */
export interface CreateSessionInput {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly durationSeconds?: number;
  readonly roleSessionName?: string;
}

// Patterns from the service model (docs/service-behaviour.md §2.2).
const PATTERNS = {
  profileArn: "^arn:aws(-[^:]+)?:rolesanywhere(:.*){2}(:profile.*)$",
  roleArn: "^arn:aws(-[^:]+)?:iam(:.*){2}(:role.*)$",
  trustAnchorArn: "^arn:aws(-[^:]+)?:rolesanywhere(:.*){2}(:trust-anchor.*)$",
} as const;

/**
 * Reads the CreateSession input: the three ARNs from the query string **or** the JSON body
 * (the official helper uses the query, other clients the body; when both carry one, the query
 * wins — a choice), `durationSeconds` and `roleSessionName` from the body. Any content type is
 * accepted (`application/json`, `application/x-amz-json-1.0`, …); the deprecated `sessionName`
 * is ignored. Validates presence, ARN patterns and the 900–43200 range like the service model.
 * @throws ServiceError 400 `SerializationException` (body not JSON) or `ValidationException`.
 * @internal
 */
export function parseCreateSessionInput(request: ReceivedRequest): CreateSessionInput {
  let body: Record<string, unknown> = {};
  const text = new TextDecoder().decode(request.body).trim();
  if (text !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ServiceError(400, "SerializationException", "Could not parse the request body as JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new ServiceError(400, "SerializationException", "The request body must be a JSON object.");
    }
    body = parsed as Record<string, unknown>;
  }
  const query = new URLSearchParams(request.search);
  const arn = (name: keyof typeof PATTERNS): string => {
    const value = query.get(name) ?? body[name];
    if (value === undefined || value === null) throw validationError(name, null, "Member must not be null");
    if (typeof value !== "string" || !new RegExp(PATTERNS[name]).test(value) || value.length > 1011) {
      throw validationError(name, value, `Member must satisfy regular expression pattern: ${PATTERNS[name]}`);
    }
    return value;
  };
  const input: { -readonly [K in keyof CreateSessionInput]: CreateSessionInput[K] } = {
    profileArn: arn("profileArn"),
    roleArn: arn("roleArn"),
    trustAnchorArn: arn("trustAnchorArn"),
  };
  const duration = body["durationSeconds"];
  if (duration !== undefined && duration !== null) {
    if (typeof duration !== "number" || !Number.isInteger(duration)) {
      throw validationError("durationSeconds", duration, "Member must be an integer");
    }
    if (duration < 900) throw validationError("durationSeconds", duration, "Member must have value greater than or equal to 900");
    if (duration > 43200) throw validationError("durationSeconds", duration, "Member must have value less than or equal to 43200");
    input.durationSeconds = duration;
  }
  const name = body["roleSessionName"];
  if (name !== undefined && name !== null) {
    if (typeof name !== "string") throw validationError("roleSessionName", name, "Member must be a string");
    input.roleSessionName = name;
  }
  return input;
}

/**
 * STS's role session name rules (2–64 characters of `[\w+=,.@-]`), checked once the profile
 * allows a custom name.
 * @throws ServiceError 400 ValidationException.
 * @internal
 */
export function checkRoleSessionName(name: string): void {
  if (name.length < 2) throw validationError("roleSessionName", name, "Member must have length greater than or equal to 2");
  if (name.length > 64) throw validationError("roleSessionName", name, "Member must have length less than or equal to 64");
  if (!/^[\w+=,.@-]*$/.test(name)) {
    throw validationError("roleSessionName", name, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
}
