import type { AdminCredentials } from "../controlPlane/auth";
import { controlPlaneServiceOf, handleControlPlane } from "../controlPlane/handleControlPlane";
import { createSession, type CreateSessionContext } from "../createSession/handleCreateSession";
import { createSessionResponseBody } from "../createSession/issueSession";
import { MlDsaChecks } from "../pki/mlDsaChecks";
import { handleSts } from "../sts/handleSts";
import { StsError } from "../sts/stsError";
import { stsErrorXml } from "../sts/xml";
import { queryProtocolParams } from "../sts/queryParams";
import type { EmulatorEvent } from "../types";
import type { ReceivedRequest } from "./receivedRequest";
import { jsonErrorResponse, jsonResponse, type HttpResponse } from "./response";
import { ServiceError, throttled } from "./serviceError";
import type { TokenBucket } from "../throttle/tokenBucket";

/** Everything a request is answered with. @internal */
export interface RouteContext extends CreateSessionContext {
  readonly stsClockSkewSeconds: number;
  /** Who may call the control plane (IAM, Roles Anywhere, ACM PCA APIs); without them, nobody. */
  readonly adminCredentials?: AdminCredentials;
  /** Called after a request changed the state (a control-plane mutation or a new session). */
  readonly onChange?: () => void;
  /** The CreateSession quota (`startEmulator({ throttle })`); none when absent. */
  readonly throttle?: TokenBucket;
}

/** Which operation a request is: CreateSession, STS AssumeRole, other STS (GetCallerIdentity), or neither. @internal */
export function operationOf(request: ReceivedRequest): EmulatorEvent["operation"] {
  // Any path ending in /sessions (an endpoint may carry a path prefix).
  if (request.method === "POST" && /\/sessions\/?$/.test(request.path)) return "CreateSession";
  const action = queryProtocolParams(request).get("Action");
  if (action === "AssumeRole") return "AssumeRole";
  if (action !== null || /^AWS4-HMAC-SHA256 /.test(request.headers["authorization"] ?? "")) {
    return "GetCallerIdentity";
  }
  return "Unknown";
}

/**
 * Answers one request. Roles Anywhere (`POST …/sessions`), the control plane (IAM, Roles
 * Anywhere and ACM PCA APIs, told apart by `controlPlaneServiceOf`) and STS (query protocol:
 * `Action=…` in the query or a form body) share one listener, so `stsUrl` equals `url`.
 * @internal
 */
export function route(request: ReceivedRequest, ctx: RouteContext): { response: HttpResponse; event: EmulatorEvent } {
  const operation = operationOf(request);
  try {
    if (operation === "CreateSession") {
      const session = createSession(request, ctx);
      ctx.onChange?.();
      return { response: jsonResponse(201, createSessionResponseBody(session)), event: { operation, status: 201 } };
    }
    const controlPlane = controlPlaneServiceOf(request);
    if (controlPlane) {
      return handleControlPlane(request, controlPlane, {
        state: ctx.state,
        now: ctx.now,
        clockSkewSeconds: ctx.clockSkewSeconds,
        ...(ctx.adminCredentials ? { adminCredentials: ctx.adminCredentials } : {}),
        ...(ctx.onChange ? { onChange: ctx.onChange } : {}),
      });
    }
    if (operation === "GetCallerIdentity" || operation === "AssumeRole") {
      const response = handleSts(request, {
        now: ctx.now,
        clockSkewSeconds: ctx.stsClockSkewSeconds,
        findSession: (id) => ctx.state.sessions.get(id),
        state: ctx.state,
      });
      if (operation === "AssumeRole" && response.status === 200) ctx.onChange?.();
      return { response, event: { operation, status: response.status } };
    }
    const error = new ServiceError(404, "UnknownOperationException", "Unknown operation", `${request.method} ${request.path}`);
    return { response: jsonErrorResponse(error), event: failure(operation, error.status, error.type, error.message, error.reason) };
  } catch (error) {
    if (error instanceof ServiceError) {
      return { response: jsonErrorResponse(error), event: failure(operation, error.status, error.type, error.message, error.reason) };
    }
    if (error instanceof StsError) {
      return { response: stsErrorXml(error), event: failure(operation, error.status, error.code, error.message, error.reason) };
    }
    const internal = new ServiceError(500, "InternalServerException", "An internal error occurred in the emulator.");
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { response: jsonErrorResponse(internal), event: failure(operation, 500, internal.type, internal.message, reason) };
  }
}

/** Most passes {@link routeRequest} makes (a pass per level of ML-DSA signatures on a path, and then some). */
const MAX_PASSES = 12;

/**
 * Answers one request like {@link route}, with ML-DSA signatures verified: `route` is
 * synchronous and ML-DSA verification is not, so a request that failed while ML-DSA checks were
 * still unanswered is routed again once they are (see `MlDsaChecks`). Requests without ML-DSA
 * take one pass. Only the last pass's outcome is returned; a failed pass has no side effects.
 * @internal
 */
export async function routeRequest(request: ReceivedRequest, ctx: RouteContext): Promise<{ response: HttpResponse; event: EmulatorEvent }> {
  // The quota is applied first, as a front door does: a throttled request is not verified.
  if (ctx.throttle && operationOf(request) === "CreateSession" && !ctx.throttle.take(ctx.now.getTime())) {
    const error = throttled("over the CreateSession quota (startEmulator({ throttle }))");
    return { response: jsonErrorResponse(error), event: failure("CreateSession", error.status, error.type, error.message, error.reason) };
  }
  const mlDsa = new MlDsaChecks();
  const context: RouteContext = { ...ctx, mlDsa };
  for (let pass = 1; ; pass++) {
    const result = route(request, context);
    if (result.response.status < 400 || !mlDsa.hasPending || pass >= MAX_PASSES) return result;
    await mlDsa.settle();
  }
}

const failure = (
  operation: EmulatorEvent["operation"],
  status: number,
  errorType: string,
  message: string,
  reason: string | undefined,
): EmulatorEvent => ({ operation, status, errorType, message, ...(reason === undefined ? {} : { reason }) });
