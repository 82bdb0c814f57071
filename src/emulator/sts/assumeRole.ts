import { parseArn } from "../../protocol/arn";
import { evaluateTrustActions } from "../policy/evaluatePolicy";
import type { EmulatorState } from "../state/EmulatorState";
import type { SessionRecord } from "../state/records";
import type { AssumeRoleInput } from "./assumeRoleInput";
import { awsPrincipalOfSession, createAssumeRoleContext } from "./callerContext";
import { issueChainedSession } from "./issueChainedSession";
import { STS_ERRORS } from "./stsError";

/** AWS's limit on a session assumed with role session credentials (role chaining): one hour. @internal */
export const CHAINED_SESSION_MAX_SECONDS = 3600;

/** The default AssumeRole duration (one hour). @internal */
const DEFAULT_DURATION_SECONDS = 3600;

/** The new session's tags: the caller's transitive tags, then the tags passed in the request. */
function tagsFor(caller: SessionRecord, input: AssumeRoleInput): { tags: Record<string, string>; transitive: string[] } {
  const inheritedKeys = caller.transitiveTagKeys ?? [];
  const tags: Record<string, string> = {};
  for (const key of inheritedKeys) {
    const value = caller.tags[key];
    if (value !== undefined) tags[key] = value;
  }
  for (const { key } of input.tags) {
    const clash = inheritedKeys.find((k) => k.toLowerCase() === key.toLowerCase());
    if (clash !== undefined) {
      throw STS_ERRORS.invalidParameter(
        `The session tag ${key} cannot be set: the calling session passes on a transitive tag with the same key.`,
        `tag ${key} overrides the inherited transitive tag ${clash}`,
      );
    }
  }
  for (const { key, value } of input.tags) tags[key] = value;
  const requested = input.transitiveTagKeys.map((key) => input.tags.find((t) => t.key.toLowerCase() === key.toLowerCase())!.key);
  return { tags, transitive: [...new Set([...inheritedKeys, ...requested])] };
}

/**
 * STS `AssumeRole` called with a role session's credentials (role chaining; every session the
 * emulator issues is a role session), in this order:
 * 1. `DurationSeconds` above one hour → 400 `ValidationError` "The requested DurationSeconds
 *    exceeds the 1 hour session limit for roles assumed by role chaining." (so a role's
 *    `maxSessionDuration`, at least 3600, never limits a chained session further);
 * 2. a `SourceIdentity` other than the caller's → 403 `AccessDenied` for `sts:SetSourceIdentity`
 *    (the source identity is set once and carried along the chain);
 * 3. a passed tag whose key is one of the caller's transitive tags → 400 `InvalidParameterValue`;
 * 4. the role: unknown → 403 `AccessDenied` for `sts:AssumeRole`, worded like a trust-policy
 *    refusal (STS does not reveal which);
 * 5. the role's trust policy, for the caller as an `AWS` principal (its role ARN, session ARN or
 *    account root) with the context of {@link createAssumeRoleContext}: `sts:AssumeRole`; also
 *    `sts:SetSourceIdentity` when the session will carry a source identity (always, for a chain
 *    that started at Roles Anywhere), and `sts:TagSession` when tags are passed or inherited.
 *    The first action refused → 403 `AccessDenied` naming it.
 * The caller's identity-based (permission) policies are not modelled: they are taken to allow
 * the call, in the same account and across accounts. The session is stored and returned; it
 * lasts `DurationSeconds` (default 3600) from `now`, whatever is left of the caller's session.
 * @throws StsError
 * @internal
 */
export function assumeRole(
  caller: SessionRecord,
  input: AssumeRoleInput,
  { state, now }: { state: EmulatorState; now: Date },
): SessionRecord {
  const durationSeconds = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (durationSeconds > CHAINED_SESSION_MAX_SECONDS) throw STS_ERRORS.chainedDuration(durationSeconds);
  const callerIdentity = caller.sourceIdentity === "" ? undefined : caller.sourceIdentity;
  if (input.sourceIdentity !== undefined && callerIdentity !== undefined && input.sourceIdentity !== callerIdentity) {
    throw STS_ERRORS.notAuthorized(
      caller.assumedRoleArn,
      "sts:SetSourceIdentity",
      input.roleArn,
      `source identity "${callerIdentity}" is set and cannot be changed to "${input.sourceIdentity}"`,
    );
  }
  const sourceIdentity = callerIdentity ?? input.sourceIdentity;
  const { tags, transitive } = tagsFor(caller, input);

  const role = state.findRole(input.roleArn);
  if (!role) throw STS_ERRORS.notAuthorized(caller.assumedRoleArn, "sts:AssumeRole", input.roleArn, `no IAM role ${input.roleArn}`);
  const actions = [
    "sts:AssumeRole",
    ...(sourceIdentity === undefined ? [] : ["sts:SetSourceIdentity"]),
    ...(Object.keys(tags).length > 0 ? ["sts:TagSession"] : []),
  ];
  const context = createAssumeRoleContext({
    caller,
    roleSessionName: input.roleSessionName,
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
    requestTags: input.tags,
    transitiveTagKeys: input.transitiveTagKeys,
    now,
  });
  const decision = evaluateTrustActions(role.trustPolicy, awsPrincipalOfSession(caller), actions, context);
  const refused = decision.denied[0];
  if (refused) {
    throw STS_ERRORS.notAuthorized(
      caller.assumedRoleArn,
      refused.action,
      role.arn,
      `trust policy of ${role.name} does not allow ${caller.assumedRoleArn} (${decision.denied.map((d) => `${d.action}: ${d.decision}`).join(", ")})`,
    );
  }
  const session = issueChainedSession({
    caller,
    role,
    accountId: parseArn(role.arn)?.accountId ?? state.accountId,
    partition: parseArn(role.arn)?.partition ?? state.partition,
    roleSessionName: input.roleSessionName,
    sourceIdentity: sourceIdentity ?? "",
    tags,
    transitiveTagKeys: transitive,
    durationSeconds,
    now,
  });
  state.addSession(session, now);
  return session;
}
