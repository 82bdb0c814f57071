import { newRequestId } from "../ids";
import type { ServiceError } from "./serviceError";

/** An HTTP response as the router writes it. @internal */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A rest-json success. @internal */
export const jsonResponse = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { "content-type": "application/json", "x-amzn-requestid": newRequestId() },
  body: JSON.stringify(body),
});

/**
 * A rest-json error: AWS status, `X-Amzn-ErrorType`, and `{"__type", "message"}` (whether AWS
 * sends the header, `__type` or both for this service is unverified; both are sent so every SDK
 * parser finds the code).
 * @internal
 */
export const jsonErrorResponse = (error: ServiceError): HttpResponse => ({
  status: error.status,
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": error.type,
    "x-amzn-requestid": newRequestId(),
  },
  body: JSON.stringify({ __type: error.type, message: error.message }),
});
