import type { EmulatorState } from "../state/EmulatorState";

/**
 * What a control-plane operation runs against: the emulator's one state, the time of the
 * request, and who calls (an ARN, for fields such as `createdBy`). Protocol adapters and a
 * browser console build it the same way.
 * @internal
 */
export interface ServiceContext {
  readonly state: EmulatorState;
  readonly now: Date;
  readonly callerArn: string;
}

/** A control-plane operation: model-shaped input in, model-shaped output out; throws `ServiceFault`. @internal */
export type ServiceOperation = (ctx: ServiceContext, input: Record<string, unknown>) => Record<string, unknown>;
