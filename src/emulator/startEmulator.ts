import { startServer } from "./http/server";
import { EmulatorState, type EmulatorArns } from "./state/EmulatorState";
import type { EmulatorOptions } from "./types";
import { checkAdminCredentials, type AdminCredentials } from "./controlPlane/adminCredentials";
import { invalidOption } from "./state/errors";
import { checkMaxHeaderSize, checkPort } from "./listenLimits";
import { restoreSnapshot, toSnapshot } from "./state/snapshot";
import { readStateFile, writeStateFile } from "./state/stateFile";
import { throttleOf } from "./throttle/throttleOption";

/**
 * A running emulator.
 * @public
 */
export interface Emulator {
  /** Base URL of the Roles Anywhere endpoint: give it as `endpoint`; requests go to `POST {url}/sessions`. */
  readonly url: string;
  /** Base URL of the STS endpoint (the same listener; STS requests are told apart by `Action=`). */
  readonly stsUrl: string;
  /** The listening port. */
  readonly port: number;
  /** The state file in use (`stateFile`), if any. */
  readonly stateFile?: string;
  /** ARNs of the configured trust anchors (by id), profiles (by id) and roles (by name); live. */
  readonly arns: EmulatorArns;
  /** The mutable model: disable an anchor, import a CRL, add a role, inspect issued sessions. */
  readonly state: EmulatorState;
  /**
   * The credentials that may call the control plane: `aws --endpoint-url <url>` with these as
   * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` manages roles, trust anchors, profiles and
   * private CAs. The given `adminCredentials`, or random ones for this start.
   */
  readonly adminCredentials: AdminCredentials;
  /** Stops listening and closes every open connection at once. Idempotent. */
  close(): Promise<void>;
}

const nonNegative = (name: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) throw invalidOption(`${name} must be a non-negative number of seconds; got ${String(value)}.`);
  return v;
};

/**
 * Starts a local IAM Roles Anywhere `CreateSession` endpoint plus a fake STS
 * `GetCallerIdentity`, on 127.0.0.1 and an ephemeral port by default. Requests are verified as
 * AWS does (SigV4-X509 signature, certificate path to an enabled trust anchor, CRLs, profile,
 * role, duration, session name, trust policy) and answered with AWS-shaped successes and errors.
 *
 * @example
 * ```ts
 * import { startEmulator } from "credential-provider-roles-anywhere/emulator";
 * const emu = await startEmulator({
 *   trustAnchors: [{ id: "TA", certificates: [caPem] }],
 *   profiles: [{ id: "PROFILE", roleArns: ["arn:aws:iam::123456789012:role/App"] }],
 *   roles: [{ name: "App" }],
 * });
 * const credentials = fromRolesAnywhere({
 *   trustAnchorArn: emu.arns.trustAnchors.TA, profileArn: emu.arns.profiles.PROFILE,
 *   roleArn: emu.arns.roles.App, certificate, privateKey, endpoint: emu.url,
 * });
 * // …
 * await emu.close();
 * ```
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` for a bad option (bad PEM or CRL, bad duration,
 * a malformed trust policy, a profile role that is not a role ARN, a port outside 0–65535, …).
 * @public
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = checkPort(options.port ?? 0);
  const maxHeaderSize = checkMaxHeaderSize(options.maxHeaderSize ?? 64 * 1024);
  const throttle = throttleOf(options.throttle);
  const now = options.now ?? (() => new Date());
  const state = new EmulatorState({
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    ...(options.region === undefined ? {} : { region: options.region }),
    now,
  });
  const stateFile = options.stateFile;
  const saved = stateFile === undefined ? undefined : readStateFile(stateFile);
  if (saved !== undefined) {
    try {
      restoreSnapshot(state, saved);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw invalidOption(
        `The emulator state file ${stateFile} cannot be used: ${why}. It was left as it is; move it away to start afresh.`,
        error,
      );
    }
  } else {
    for (const role of options.roles ?? []) state.addRole(role);
    for (const anchor of options.trustAnchors ?? []) state.addTrustAnchor(anchor);
    for (const profile of options.profiles ?? []) state.addProfile(profile);
  }
  const save = stateFile === undefined ? undefined : () => writeStateFile(stateFile, toSnapshot(state));
  save?.();
  // Clock skew: undocumented for Roles Anywhere; 5 minutes by default (a choice; docs/service-behaviour.md §3.5).
  const clockSkewSeconds = nonNegative("clockSkewSeconds", options.clockSkewSeconds, 300);
  const stsClockSkewSeconds = nonNegative("stsClockSkewSeconds", options.stsClockSkewSeconds, 900);
  const adminCredentials = checkAdminCredentials(options.adminCredentials);
  const server = await startServer({
    host: options.host ?? "127.0.0.1",
    port,
    maxHeaderSize,
    context: () => ({
      state,
      now: now(),
      clockSkewSeconds,
      stsClockSkewSeconds,
      adminCredentials,
      ...(save ? { onChange: save } : {}),
      ...(throttle ? { throttle } : {}),
    }),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    url: server.url,
    stsUrl: server.url,
    port: server.port,
    get arns() {
      return state.arns;
    },
    state,
    adminCredentials,
    ...(stateFile === undefined ? {} : { stateFile }),
    close: () => server.close(),
  };
}
