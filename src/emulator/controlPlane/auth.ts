import { timingSafeEqual } from "node:crypto";
import type { ReceivedRequest } from "../http/receivedRequest";
import type { EmulatorState } from "../state/EmulatorState";
import type { SessionRecord } from "../state/records";
import { verifyHmacSignature, type HmacCredentials } from "../sts/verifyHmacSignature";
import type { AdminCredentials } from "../types";

export type { AdminCredentials } from "../types";

/** Who signed a control-plane request. @internal */
export type Caller =
  { readonly kind: "admin"; readonly arn: string } | { readonly kind: "session"; readonly arn: string; readonly session: SessionRecord };

/** What authentication needs besides the request. @internal */
export interface AuthContext {
  readonly state: EmulatorState;
  readonly now: Date;
  readonly clockSkewSeconds: number;
  /** Without them, only issued sessions authenticate (and are then refused). */
  readonly adminCredentials?: AdminCredentials;
}

type Found = HmacCredentials & { readonly caller: Caller };

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies a control-plane request's SigV4 (HMAC) signature for `service` with the SigV4
 * verifier STS uses: the admin credentials (no session token) or a session the emulator issued
 * (with its token). The caller is returned; whether it may call the operation is the adapter's
 * decision (sessions may not: the emulator evaluates no identity policies).
 * @throws StsError with STS's codes (each protocol adapter renames them).
 * @internal
 */
export function authenticate(request: ReceivedRequest, service: string, ctx: AuthContext): Caller {
  const { state } = ctx;
  const rootArn = `arn:${state.partition}:iam::${state.accountId}:root`;
  const found = verifyHmacSignature<Found>(request, {
    now: ctx.now,
    clockSkewSeconds: ctx.clockSkewSeconds,
    service,
    findSession: (accessKeyId) => {
      if (ctx.adminCredentials && sameText(accessKeyId, ctx.adminCredentials.accessKeyId)) {
        return { secretAccessKey: ctx.adminCredentials.secretAccessKey, caller: { kind: "admin", arn: rootArn } };
      }
      const session = state.sessions.get(accessKeyId);
      if (!session) return undefined;
      return {
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: session.expiration,
        caller: { kind: "session", arn: session.assumedRoleArn, session },
      };
    },
  });
  return found.caller;
}
