import type { ReceivedRequest } from "../../http/receivedRequest";
import type { HttpResponse } from "../../http/response";
import { newRequestId } from "../../ids";
import type { ServiceOperation } from "../../services/context";
import type { ServiceModel } from "../models/types";
import type { DecodedCall, OperationOutcome } from "../runOperation";
import { toJsonValue } from "../shapes/writeOutput";
import { parseJsonBody } from "./jsonBody";

const CONTENT_TYPE = "application/x-amz-json-1.1";

/**
 * Decodes an AWS JSON 1.1 request (ACM PCA): `X-Amz-Target: <targetPrefix>.<Operation>` and a
 * JSON object body.
 * @internal
 */
export function decodeJson11(
  request: ReceivedRequest,
  service: string,
  model: ServiceModel,
  operations: Readonly<Record<string, ServiceOperation>>,
): DecodedCall {
  const target = request.headers["x-amz-target"] ?? "";
  const prefix = `${model.metadata.targetPrefix}.`;
  return {
    service,
    model,
    protocol: "json",
    operations,
    operation: target.startsWith(prefix) ? target.slice(prefix.length) : undefined,
    mode: "json",
    rawInput: () => parseJsonBody(request),
  };
}

/** Writes a JSON 1.1 outcome: 200 with the output, or the error's status with `{__type, message}`. @internal */
export function writeJson11(outcome: OperationOutcome, model: ServiceModel): HttpResponse {
  const headers = { "content-type": CONTENT_TYPE, "x-amzn-requestid": newRequestId() };
  if (!outcome.ok) {
    return { status: outcome.error.status, headers, body: JSON.stringify({ __type: outcome.error.code, message: outcome.error.message }) };
  }
  const spec = model.operations[outcome.operation]!;
  const body = spec.output === undefined ? {} : toJsonValue(model, spec.output, outcome.output, "unixTimestamp");
  return { status: 200, headers, body: JSON.stringify(body ?? {}) };
}
