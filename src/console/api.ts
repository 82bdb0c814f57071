import type { ActivityEntry, ApiError, CallResult, ExplainRequest, ExplainResponse, Overview } from "../emulator/console/apiTypes";
import { CONSOLE_HEADER } from "../emulator/console/apiTypes";

/** An API call that failed: the service's error code and message (IAM's and Roles Anywhere's own). @internal */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { [CONSOLE_HEADER]: "1", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new ApiFailure("BadResponse", `The emulator answered ${response.status} without JSON.`, response.status);
  }
  if (!response.ok) {
    const error = (parsed as Partial<ApiError>).error;
    throw new ApiFailure(error?.code ?? "Error", error?.message ?? `HTTP ${response.status}`, response.status);
  }
  return parsed as T;
}

/** Services the console calls, by their signing names. @internal */
export type Service = "iam" | "rolesanywhere" | "acm-pca";

/**
 * Runs a control-plane operation through the console's API (the same service functions the
 * AWS CLI reaches). Resolves with the output; rejects with an {@link ApiFailure}.
 * @internal
 */
export async function call(service: Service, operation: string, input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await request<CallResult>("POST", `/console/api/call/${service}/${operation}`, input);
  if ("error" in result) throw new ApiFailure(result.error.code, result.error.message, 400);
  return result.output;
}

/** @internal */
export const getOverview = (): Promise<Overview> => request<Overview>("GET", "/console/api/overview");

/** @internal */
export const getActivity = (): Promise<{ entries: ActivityEntry[] }> => request("GET", "/console/api/activity");

/** @internal */
export const explain = (input: ExplainRequest): Promise<ExplainResponse> => request<ExplainResponse>("POST", "/console/api/explain", input);

/** `Code: message`, as the AWS CLI shows a service error. @internal */
export const describeFailure = (error: unknown): string =>
  error instanceof ApiFailure ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
