import { MAX_CHAIN_CERTIFICATES } from "../createSession/chainHeader";
import { explainSession } from "../createSession/explainSession";
import { invokeOperation } from "../controlPlane/runOperation";
import { CONTROL_PLANE_SERVICES } from "../controlPlane/services";
import type { Protocol } from "../controlPlane/wireError";
import { derBlocks, loadCertificate, type LoadedCertificate } from "../pki/loadCertificate";
import type { EmulatorState } from "../state/EmulatorState";
import type { ActivityLog } from "./activityLog";
import type { ApiError, CallResult, ExplainRequest, ExplainResponse } from "./apiTypes";
import { overviewOf } from "./overview";

/** What the console's API answers from. @internal */
export interface ConsoleApiContext {
  readonly state: EmulatorState;
  readonly now: Date;
  /** The emulator's `url`. */
  readonly url: string;
  readonly activity: ActivityLog;
  /** Called after a call that may have changed the state succeeded (writes the state file). */
  readonly onChange?: () => void;
}

/** A JSON answer before it is written. @internal */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

const CALL = /^\/console\/api\/call\/(rolesanywhere|iam|acm-pca)\/([A-Za-z]{1,64})$/;

const failure = (status: number, code: string, message: string): ApiAnswer => ({
  status,
  body: { error: { code, message } } satisfies ApiError,
});

function parseBody(body: Uint8Array): Record<string, unknown> | ApiAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body) || "{}");
  } catch {
    return failure(400, "SerializationException", "The request body is not JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return failure(400, "SerializationException", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

const isAnswer = (value: unknown): value is ApiAnswer =>
  typeof value === "object" && value !== null && "status" in value && "body" in value;

/**
 * One control-plane operation, run as the control plane runs it ({@link invokeOperation}: the
 * same service functions over the same state, the input validated against the service model,
 * the model's error codes), with the admin's authority: the console's cookie stands for the
 * admin credentials. The input is the operation's JSON shape (blobs as base64).
 * @internal
 */
export function callOperation(service: keyof typeof CONTROL_PLANE_SERVICES, operation: string, input: unknown, ctx: ConsoleApiContext) {
  const { model, operations, name } = CONTROL_PLANE_SERVICES[service];
  const outcome = invokeOperation(
    { service: name, model, protocol: model.metadata.protocol as Protocol, operations, operation, rawInput: () => input, mode: "json" },
    { state: ctx.state, now: ctx.now, caller: { kind: "admin", arn: `arn:${ctx.state.partition}:iam::${ctx.state.accountId}:root` } },
    ctx.onChange,
  );
  if (outcome.ok) return { status: 200, body: { output: outcome.output } satisfies CallResult };
  return failure(outcome.error.status, outcome.error.code, outcome.error.message);
}

function certificatesOf(text: unknown, field: string): LoadedCertificate[] | ApiAnswer {
  if (text === undefined || text === "") return [];
  if (typeof text !== "string") return failure(400, "ValidationException", `${field} must be PEM text.`);
  if (/PRIVATE KEY/.test(text)) {
    return failure(400, "ValidationException", `${field} holds a private key. Paste certificates only: the console never takes a key.`);
  }
  const blocks = derBlocks(text, "CERTIFICATE");
  if (blocks.length === 0)
    return failure(400, "ValidationException", `${field}: no certificate found; paste PEM ("-----BEGIN CERTIFICATE-----").`);
  try {
    return blocks.map(loadCertificate);
  } catch {
    return failure(400, "ValidationException", `${field}: a certificate could not be parsed.`);
  }
}

/**
 * "Try a certificate": what CreateSession would decide for a pasted certificate (its first PEM
 * block is the leaf; further blocks and `chain` are the intermediates), asking for `roleArn`
 * through `profileArn` and `trustAnchorArn`. Nothing is signed or issued, and the state is not
 * changed.
 * @internal
 */
export async function explainCertificate(body: Record<string, unknown>, ctx: ConsoleApiContext): Promise<ApiAnswer> {
  const request = body as Partial<ExplainRequest>;
  const leafAndMore = certificatesOf(request.certificate, "certificate");
  if (isAnswer(leafAndMore)) return leafAndMore;
  const chain = certificatesOf(request.chain, "chain");
  if (isAnswer(chain)) return chain;
  const [leaf, ...rest] = leafAndMore;
  if (!leaf) return failure(400, "ValidationException", 'certificate: paste the certificate to try, PEM ("-----BEGIN CERTIFICATE-----").');
  const pool = [...rest, ...chain];
  if (pool.length > MAX_CHAIN_CERTIFICATES) {
    return failure(
      400,
      "ValidationException",
      `chain: at most ${MAX_CHAIN_CERTIFICATES} intermediate certificates (as in X-Amz-X509-Chain).`,
    );
  }
  for (const field of ["trustAnchorArn", "profileArn", "roleArn"] as const) {
    if (typeof request[field] !== "string" || request[field] === "") return failure(400, "ValidationException", `${field} is required.`);
  }
  if (request.roleSessionName !== undefined && typeof request.roleSessionName !== "string") {
    return failure(400, "ValidationException", "roleSessionName must be a string.");
  }
  const result = await explainSession(
    {
      leaf,
      chain: pool,
      trustAnchorArn: request.trustAnchorArn!,
      profileArn: request.profileArn!,
      roleArn: request.roleArn!,
      ...(request.roleSessionName ? { roleSessionName: request.roleSessionName } : {}),
    },
    ctx.state,
    ctx.now,
  );
  return { status: 200, body: result satisfies ExplainResponse };
}

/**
 * Answers one console API request (the guard and the cookie were checked before):
 * `GET …/overview`, `GET …/activity`, `POST …/call/<service>/<Operation>`, `POST …/explain`.
 * @internal
 */
export async function answerApi(method: string, path: string, body: Uint8Array, ctx: ConsoleApiContext): Promise<ApiAnswer> {
  if (method === "GET" && path === "/console/api/overview") return { status: 200, body: overviewOf(ctx.state, ctx.url) };
  if (method === "GET" && path === "/console/api/activity") return { status: 200, body: { entries: ctx.activity.newestFirst() } };
  const call = CALL.exec(path);
  if (call && method === "POST") {
    const input = parseBody(body);
    if (isAnswer(input)) return input;
    return callOperation(call[1] as keyof typeof CONTROL_PLANE_SERVICES, call[2]!, input, ctx);
  }
  if (path === "/console/api/explain" && method === "POST") {
    const input = parseBody(body);
    if (isAnswer(input)) return input;
    return explainCertificate(input, ctx);
  }
  return failure(404, "NotFound", `No console API at ${method} ${path}.`);
}
