import type { ReceivedRequest } from "../../http/receivedRequest";
import { InputTypeError } from "../shapes/readInput";

/**
 * The JSON value of a request body (`{}` for an empty one), for the JSON protocols.
 * @throws InputTypeError when the body is not UTF-8 JSON.
 * @internal
 */
export function parseJsonBody(request: ReceivedRequest): unknown {
  if (request.body.length === 0) return {};
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(request.body));
  } catch {
    throw new InputTypeError("", "The request body is not valid JSON.");
  }
}
