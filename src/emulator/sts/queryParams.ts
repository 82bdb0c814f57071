import type { ReceivedRequest } from "../http/receivedRequest";

/**
 * Query-protocol parameters: the URL query merged with a form-encoded body
 * (`application/x-www-form-urlencoded`), body values winning.
 * @internal
 */
export function queryProtocolParams(request: ReceivedRequest): URLSearchParams {
  const params = new URLSearchParams(request.search);
  const type = request.headers["content-type"] ?? "";
  if (request.body.length > 0 && type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(new TextDecoder().decode(request.body))) params.set(key, value);
  }
  return params;
}
