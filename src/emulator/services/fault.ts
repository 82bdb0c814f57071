/**
 * A failure of a control-plane operation, independent of the wire protocol: `type` is the name
 * of the error shape in the service model (`ResourceNotFoundException`, `NoSuchEntityException`,
 * `InvalidStateException`…); each protocol adapter turns it into its own wire code and HTTP status
 * (IAM's `NoSuchEntityException` is sent as `NoSuchEntity`, 404). `reason` is for the emulator's
 * diagnostics (`onEvent`) and never sent.
 * @internal
 */
export class ServiceFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = "ServiceFault";
  }
}

/** Shorthand for `new ServiceFault(type, message, reason)`. @internal */
export const fault = (type: string, message: string, reason?: string): ServiceFault => new ServiceFault(type, message, reason);
