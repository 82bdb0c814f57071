import type { ReceivedRequest } from "../../http/receivedRequest";
import type { HttpResponse } from "../../http/response";
import { newRequestId } from "../../ids";
import type { ServiceOperation } from "../../services/context";
import { queryProtocolParams } from "../../sts/queryParams";
import { stsErrorXml, xmlResponse } from "../../sts/xml";
import type { ServiceModel } from "../models/types";
import type { DecodedCall, OperationOutcome } from "../runOperation";
import { toXml } from "../shapes/writeOutput";

const MAX_ITEMS = 1000;

/**
 * Rebuilds nested input from query-protocol parameters as the shape lays them out:
 * `Tags.member.1.Key`, `Map.entry.1.key` / `.value`, flattened lists as `Name.1`. Scalars stay
 * strings (the input reader converts them). At most 1000 items per list or map are read.
 * @internal
 */
export function fromQueryParams(model: ServiceModel, shapeName: string, params: URLSearchParams, prefix: string, depth = 0): unknown {
  const shape = model.shapes[shapeName];
  if (!shape || depth > 10) return undefined;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      const base = prefix === "" ? "" : `${prefix}.`;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const value = fromQueryParams(model, member.shape, params, `${base}${member.locationName ?? name}`, depth + 1);
        if (value !== undefined) out[name] = value;
      }
      return prefix === "" || Object.keys(out).length > 0 ? out : undefined;
    }
    case "list": {
      const base = shape.flattened ? prefix : `${prefix}.member`;
      if (!shape.flattened && params.get(prefix) === "") return [];
      const out: unknown[] = [];
      for (let i = 1; i <= MAX_ITEMS; i++) {
        const item = fromQueryParams(model, shape.member!.shape, params, `${base}.${i}`, depth + 1);
        if (item === undefined) break;
        out.push(item);
      }
      return out.length > 0 ? out : undefined;
    }
    case "map": {
      const out: Record<string, unknown> = {};
      for (let i = 1; i <= MAX_ITEMS; i++) {
        const key = params.get(`${prefix}.entry.${i}.key`);
        if (key === null) break;
        out[key] = fromQueryParams(model, shape.value!.shape, params, `${prefix}.entry.${i}.value`, depth + 1);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    default: {
      const value = params.get(prefix);
      return value === null ? undefined : value;
    }
  }
}

/**
 * Decodes a query-protocol request (IAM): `Action`, `Version` and the input's members from the
 * URL query and a form-encoded body.
 * @internal
 */
export function decodeQuery(
  request: ReceivedRequest,
  service: string,
  model: ServiceModel,
  operations: Readonly<Record<string, ServiceOperation>>,
): DecodedCall {
  const params = queryProtocolParams(request);
  const action = params.get("Action") ?? undefined;
  return {
    service,
    model,
    protocol: "query",
    operations,
    operation: action,
    mode: "text",
    rawInput: () => {
      const spec = action === undefined ? undefined : model.operations[action];
      return spec?.input === undefined ? {} : fromQueryParams(model, spec.input, params, "");
    },
  };
}

/**
 * Writes a query-protocol outcome: `<{Op}Response xmlns=…><{Op}Result>…</{Op}Result>` with
 * `ResponseMetadata`, or `<ErrorResponse>` in the service's namespace.
 * @internal
 */
export function writeQuery(outcome: OperationOutcome, model: ServiceModel): HttpResponse {
  const namespace = model.metadata.xmlNamespace ?? "";
  if (!outcome.ok) return stsErrorXml(outcome.error, namespace);
  const spec = model.operations[outcome.operation]!;
  const requestId = newRequestId();
  const op = outcome.operation;
  const result =
    spec.output === undefined
      ? ""
      : `  <${spec.resultWrapper ?? `${op}Result`}>\n${toXml(model, spec.output, outcome.output, "    ")}  </${spec.resultWrapper ?? `${op}Result`}>\n`;
  return xmlResponse(
    200,
    requestId,
    `<${op}Response xmlns="${namespace}">\n${result}  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${op}Response>\n`,
  );
}
