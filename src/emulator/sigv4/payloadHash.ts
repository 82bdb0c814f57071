import { sha256Hex } from "../../signature/hash";
import type { ReceivedRequest } from "../http/receivedRequest";

/**
 * The payload hash a verifier must use: the hex SHA-256 of the raw body bytes. When the client
 * sent `X-Amz-Content-Sha256` (clients prefer it when set) it must equal that hash; a
 * mismatch returns `undefined` (the request cannot verify).
 * @internal
 */
export function payloadHashOf(request: ReceivedRequest): string | undefined {
  const actual = sha256Hex(request.body);
  const declared = request.headers["x-amz-content-sha256"];
  if (declared === undefined) return actual;
  return declared.trim().toLowerCase() === actual ? actual : undefined;
}
