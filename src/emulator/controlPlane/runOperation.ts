import type { ReceivedRequest } from "../http/receivedRequest";
import type { ServiceContext, ServiceOperation } from "../services/context";
import { ServiceFault, fault } from "../services/fault";
import { StsError } from "../sts/stsError";
import { authenticate, type AuthContext } from "./auth";
import type { ServiceModel } from "./models/types";
import { InputTypeError, readShape, validationMessage, type InputMode, type ValidationIssue } from "./shapes/readInput";
import { authToWire, faultToWire, type Protocol, type WireError } from "./wireError";

/** What every control-plane request is answered with. @internal */
export interface ControlPlaneContext extends AuthContext {
  /** Called after an operation that changed the state succeeded (the state file is written). */
  readonly onChange?: () => void;
}

/** The outcome of one control-plane request, before a protocol writes it. @internal */
export type OperationOutcome =
  | { readonly ok: true; readonly operation: string; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly operation: string; readonly error: WireError };

/** One request, decoded by a protocol adapter. @internal */
export interface DecodedCall {
  readonly service: string;
  readonly model: ServiceModel;
  readonly protocol: Protocol;
  readonly operations: Readonly<Record<string, ServiceOperation>>;
  /** The operation name (from the route, `Action` or `X-Amz-Target`), if one was found. */
  readonly operation: string | undefined;
  /** Decodes the raw input (called only once the request is authenticated). */
  readonly rawInput: () => unknown;
  readonly mode: InputMode;
}

const READ_ONLY = /^(Get|List|Describe)/;

/**
 * Authenticates, decodes, validates against the model, runs the operation over the state and
 * turns any failure into the protocol's wire error. The order is AWS's: signature first, then
 * whether the operation exists, then who may call it, then input validation. Nothing is changed
 * by a request that fails: services check all input before they mutate.
 * @internal
 */
export function runOperation(request: ReceivedRequest, call: DecodedCall, ctx: ControlPlaneContext): OperationOutcome {
  const { model, protocol } = call;
  const name = call.operation ?? "Unknown";
  const failWith = (type: string, message: string, reason?: string): OperationOutcome => ({
    ok: false,
    operation: name,
    error: faultToWire(model, protocol, type, message, reason),
  });
  let caller;
  try {
    caller = authenticate(request, call.service, ctx);
  } catch (error) {
    if (error instanceof StsError) return { ok: false, operation: name, error: authToWire(protocol, error) };
    throw error;
  }
  if (call.operation === undefined || !model.allOperations.includes(call.operation)) {
    return failWith("UnknownOperationException", unknownMessage(call), "no such operation in the service model");
  }
  const handler = call.operations[call.operation];
  const spec = model.operations[call.operation];
  if (!handler || !spec) {
    return failWith(
      "UnknownOperationException",
      `The emulator does not implement ${call.service}:${call.operation}; the control-plane page of the package's documentation lists the operations it does.`,
      "not implemented",
    );
  }
  if (caller.kind !== "admin") {
    return failWith(
      "AccessDeniedException",
      `User: ${caller.arn} is not authorized to perform: ${call.service}:${call.operation}`,
      "session credentials may only call STS; use the admin credentials for the control plane",
    );
  }
  try {
    const issues: ValidationIssue[] = [];
    const input =
      spec.input === undefined
        ? {}
        : (readShape(model, spec.input, call.rawInput() ?? {}, "", call.mode, issues) as Record<string, unknown>);
    if (issues.length > 0) {
      // Query services name members in lowerCamelCase in these messages (`roleName`).
      const named =
        protocol === "query"
          ? issues.map((i) => ({ ...i, path: i.path.replace(/(^|\.)([A-Z])/g, (_m, dot: string, c: string) => dot + c.toLowerCase()) }))
          : issues;
      throw fault("ValidationException", validationMessage(named));
    }
    const serviceCtx: ServiceContext = { state: ctx.state, now: ctx.now, callerArn: caller.arn };
    const output = handler(serviceCtx, input);
    if (!READ_ONLY.test(call.operation)) ctx.onChange?.();
    return { ok: true, operation: call.operation, output };
  } catch (error) {
    if (error instanceof ServiceFault) return failWith(error.type, error.message, error.reason);
    if (error instanceof InputTypeError) return failWith("SerializationException", error.message);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const code = protocol === "query" ? "ServiceFailure" : "InternalServerException";
    return { ok: false, operation: name, error: { status: 500, code, message: "An internal error occurred in the emulator.", reason } };
  }
}

function unknownMessage(call: DecodedCall): string {
  if (call.protocol === "query")
    return `Could not find operation ${call.operation ?? "(none)"} for version ${call.model.metadata.apiVersion}`;
  return call.operation === undefined ? "Unknown operation" : `Unknown operation ${call.operation}`;
}
