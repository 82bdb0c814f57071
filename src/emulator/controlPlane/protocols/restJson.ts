import type { ReceivedRequest } from "../../http/receivedRequest";
import { jsonErrorResponse, type HttpResponse } from "../../http/response";
import { ServiceError } from "../../http/serviceError";
import { newRequestId } from "../../ids";
import type { ServiceOperation } from "../../services/context";
import type { ServiceModel } from "../models/types";
import type { DecodedCall, OperationOutcome } from "../runOperation";
import { InputTypeError } from "../shapes/readInput";
import { toJsonValue } from "../shapes/writeOutput";
import { parseJsonBody } from "./jsonBody";

interface Route {
  readonly operation: string;
  readonly method: string;
  /** Literal segments, or `{label}` for URI members. */
  readonly segments: readonly string[];
}

const routesOf = (model: ServiceModel): Route[] =>
  Object.entries(model.operations).map(([operation, op]) => ({
    operation,
    method: op.http.method ?? "POST",
    segments: (op.http.requestUri ?? "/").split("?")[0]!.split("/").filter(Boolean),
  }));

const routeCache = new WeakMap<ServiceModel, Route[]>();

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The operation a rest-json request calls (by method and path, as the model's `requestUri`s
 * say) and its URI labels. Paths are matched on their last segments, so an endpoint with a path
 * prefix works too.
 * @internal
 */
export function matchRoute(
  model: ServiceModel,
  method: string,
  path: string,
): { operation: string; labels: Record<string, string> } | undefined {
  let routes = routeCache.get(model);
  if (!routes) routeCache.set(model, (routes = routesOf(model)));
  const parts = path.split("/").filter(Boolean);
  for (const route of routes) {
    if (route.method !== method || parts.length < route.segments.length) continue;
    const tail = parts.slice(parts.length - route.segments.length);
    const labels: Record<string, string> = {};
    const ok = route.segments.every((segment, i) => {
      const value = decodeSegment(tail[i]!);
      if (value === undefined) return false;
      const label = /^\{(\w+)\}$/.exec(segment);
      if (label) {
        labels[label[1]!] = value;
        return value !== "";
      }
      return value === segment;
    });
    if (ok && (route.segments.length > 0 || parts.length === 0)) return { operation: route.operation, labels };
  }
  return undefined;
}

function jsonObjectBody(request: ReceivedRequest): Record<string, unknown> {
  const parsed = parseJsonBody(request);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new InputTypeError("", "The request body must be a JSON object.");
  return parsed as Record<string, unknown>;
}

/**
 * Decodes a rest-json request (Roles Anywhere): URI labels, query-string and header members,
 * and the JSON body, as the operation's input shape places them.
 * @internal
 */
export function decodeRestJson(
  request: ReceivedRequest,
  service: string,
  model: ServiceModel,
  operations: Readonly<Record<string, ServiceOperation>>,
): DecodedCall {
  const match = matchRoute(model, request.method, request.path);
  return {
    service,
    model,
    protocol: "rest-json",
    operations,
    operation: match?.operation,
    mode: "text",
    rawInput: () => {
      const spec = match ? model.operations[match.operation] : undefined;
      const shape = spec?.input === undefined ? undefined : model.shapes[spec.input];
      if (!match || !shape) return {};
      const body = jsonObjectBody(request);
      const query = new URLSearchParams(request.search);
      const raw: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const wire = member.locationName ?? name;
        if (member.location === "uri") raw[name] = match.labels[wire];
        else if (member.location === "querystring") {
          const values = query.getAll(wire);
          if (values.length > 0) raw[name] = model.shapes[member.shape]?.type === "list" ? values : values[0];
        } else if (member.location === "header") raw[name] = request.headers[wire.toLowerCase()];
        else if (member.location === undefined) raw[name] = body[wire];
      }
      return raw;
    },
  };
}

/** Writes a rest-json outcome: the model's success code and JSON body, or `X-Amzn-ErrorType` and `{message}`. @internal */
export function writeRestJson(outcome: OperationOutcome, model: ServiceModel): HttpResponse {
  if (!outcome.ok) return jsonErrorResponse(new ServiceError(outcome.error.status, outcome.error.code, outcome.error.message));
  const spec = model.operations[outcome.operation]!;
  const body = spec.output === undefined ? {} : toJsonValue(model, spec.output, outcome.output, "iso8601");
  return {
    status: spec.http.responseCode ?? 200,
    headers: { "content-type": "application/json", "x-amzn-requestid": newRequestId() },
    body: JSON.stringify(body ?? {}),
  };
}
