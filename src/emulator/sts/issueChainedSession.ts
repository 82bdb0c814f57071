import { assumedRoleArn } from "../arns";
import { mintCredentials } from "../ids";
import type { RoleRecord, SessionRecord } from "../state/records";

/** What a session from AssumeRole is made from. @internal */
export interface ChainedSessionInput {
  readonly caller: SessionRecord;
  readonly role: RoleRecord;
  /** The role's account and partition (from its ARN). */
  readonly accountId: string;
  readonly partition: string;
  readonly roleSessionName: string;
  /** `""` when the session has none. */
  readonly sourceIdentity: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly transitiveTagKeys: readonly string[];
  readonly durationSeconds: number;
  readonly now: Date;
}

/**
 * A session assumed by another session, with fresh credentials (`mintCredentials`), in the
 * role's account. The Roles Anywhere fields (trust anchor, profile, subject, certificate serial) are
 * those of the session the chain started from, so a chained session still shows which
 * certificate is behind it.
 * @internal
 */
export function issueChainedSession(input: ChainedSessionInput): SessionRecord {
  const { caller, role } = input;
  return {
    ...mintCredentials(input.now, input.durationSeconds),
    roleArn: role.arn,
    roleName: role.name,
    roleId: role.roleId,
    roleSessionName: input.roleSessionName,
    assumedRoleArn: assumedRoleArn({ partition: input.partition, accountId: input.accountId }, role.name, input.roleSessionName),
    accountId: input.accountId,
    sourceIdentity: input.sourceIdentity,
    tags: { ...input.tags },
    transitiveTagKeys: [...input.transitiveTagKeys],
    chainedFrom: caller.assumedRoleArn,
    trustAnchorArn: caller.trustAnchorArn,
    profileArn: caller.profileArn,
    subjectArn: caller.subjectArn,
    certificateSerialHex: caller.certificateSerialHex,
  };
}
