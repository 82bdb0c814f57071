import type { ReceivedRequest } from "../http/receivedRequest";
import type { HttpResponse } from "../http/response";
import { queryProtocolParams } from "../sts/queryParams";
import type { EmulatorEvent } from "../types";
import { decodeJson11, writeJson11 } from "./protocols/json11";
import { decodeQuery, writeQuery } from "./protocols/query";
import { decodeRestJson, matchRoute, writeRestJson } from "./protocols/restJson";
import { runOperation, type ControlPlaneContext } from "./runOperation";
import { CONTROL_PLANE_SERVICES, type ControlPlaneService } from "./services";

const SCOPE = /Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/([^/\s,]+)\/aws4_request/;

/** The service name of a request's SigV4 credential scope (header or presigned query), if any. @internal */
export function credentialScopeService(request: ReceivedRequest): string | undefined {
  const header = request.headers["authorization"];
  if (header !== undefined) return SCOPE.exec(header)?.[1];
  const credential = new URLSearchParams(request.search).get("X-Amz-Credential");
  return credential === null ? undefined : credential.split("/")[3];
}

/**
 * Which control-plane service a request is for, or `undefined` (CreateSession and STS are
 * answered as before). Query-protocol requests (`Action=`) go by their `Version`: IAM's
 * `2010-05-08`, else STS; JSON 1.1 requests by `X-Amz-Target: ACMPrivateCA.*`; the rest by the
 * credential scope's service, and an unsigned request by whether its method and path are a
 * Roles Anywhere route (so it gets Roles Anywhere's missing-token error).
 * @internal
 */
export function controlPlaneServiceOf(request: ReceivedRequest): ControlPlaneService | undefined {
  const scope = credentialScopeService(request);
  const params = queryProtocolParams(request);
  if (params.has("Action")) {
    const version = params.get("Version");
    if (version === CONTROL_PLANE_SERVICES.iam.model.metadata.apiVersion) return CONTROL_PLANE_SERVICES.iam;
    return version === null && scope === "iam" ? CONTROL_PLANE_SERVICES.iam : undefined;
  }
  if ((request.headers["x-amz-target"] ?? "").startsWith(`${CONTROL_PLANE_SERVICES["acm-pca"].model.metadata.targetPrefix}.`)) {
    return CONTROL_PLANE_SERVICES["acm-pca"];
  }
  if (scope === "acm-pca" || scope === "rolesanywhere" || scope === "iam") return CONTROL_PLANE_SERVICES[scope];
  if (scope === undefined && matchRoute(CONTROL_PLANE_SERVICES.rolesanywhere.model, request.method, request.path)) {
    return CONTROL_PLANE_SERVICES.rolesanywhere;
  }
  return undefined;
}

/**
 * Answers a control-plane request for `service` in its protocol: rest-json (Roles Anywhere),
 * query/XML (IAM) or JSON 1.1 (ACM PCA).
 * @internal
 */
export function handleControlPlane(
  request: ReceivedRequest,
  service: ControlPlaneService,
  ctx: ControlPlaneContext,
): { response: HttpResponse; event: EmulatorEvent } {
  const { model, operations, name } = service;
  const protocol = model.metadata.protocol;
  const call =
    protocol === "rest-json"
      ? decodeRestJson(request, name, model, operations)
      : protocol === "json"
        ? decodeJson11(request, name, model, operations)
        : decodeQuery(request, name, model, operations);
  const outcome = runOperation(request, call, ctx);
  const response =
    protocol === "rest-json"
      ? writeRestJson(outcome, model)
      : protocol === "json"
        ? writeJson11(outcome, model)
        : writeQuery(outcome, model);
  const operation = `${name}:${outcome.operation}` as EmulatorEvent["operation"];
  const event: EmulatorEvent = outcome.ok
    ? { operation, status: response.status }
    : {
        operation,
        status: outcome.error.status,
        errorType: outcome.error.code,
        message: outcome.error.message,
        ...(outcome.error.reason === undefined ? {} : { reason: outcome.error.reason }),
      };
  return { response, event };
}
