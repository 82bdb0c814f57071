import { ServiceError } from "../http/serviceError";
import { MlDsaChecks } from "../pki/mlDsaChecks";
import type { LoadedCertificate } from "../pki/loadCertificate";
import type { EmulatorState } from "../state/EmulatorState";
import type { SessionDecision } from "../types";
import { decideSession } from "./handleCreateSession";
import { SessionTrace } from "./sessionTrace";

/** A certificate to try against a trust anchor, profile and role, without a signed request. @internal */
export interface ExplainInput {
  readonly leaf: LoadedCertificate;
  readonly chain: readonly LoadedCertificate[];
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  readonly roleSessionName?: string;
  readonly durationSeconds?: number;
}

/** The decision, and on a refusal the error CreateSession would answer. @internal */
export interface ExplainResult {
  readonly decision: SessionDecision;
  readonly error?: { readonly type: string; readonly message: string };
}

/** Most passes for ML-DSA signatures (as `routeRequest`). */
const MAX_PASSES = 12;

/**
 * What CreateSession would decide for `input.leaf` (with `input.chain`) asking for the role
 * through the profile and trust anchor: the same checks ({@link decideSession}: trust anchor,
 * path building and revocation, profile, role, session tags, duration, trust policy), without
 * the signature (nothing is signed) and without issuing credentials or changing the state.
 * ML-DSA signatures are checked as `routeRequest` does, in passes.
 * @returns the decision (the failed check's detail is the emulator's reason) and AWS's error.
 * @internal
 */
export async function explainSession(input: ExplainInput, state: EmulatorState, now: Date): Promise<ExplainResult> {
  const mlDsa = new MlDsaChecks();
  for (let pass = 1; ; pass++) {
    const trace = new SessionTrace();
    trace.certificate(input.leaf.info);
    try {
      decideSession({ ...input, chain: () => input.chain }, { state, now, clockSkewSeconds: 0, mlDsa }, trace);
      return { decision: trace.decision() };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (mlDsa.hasPending && pass < MAX_PASSES) {
        await mlDsa.settle();
        continue;
      }
      return {
        decision: trace.decision({ reason: error.reason ?? error.message }),
        error: { type: error.type, message: error.message },
      };
    }
  }
}
