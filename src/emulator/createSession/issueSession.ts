import { createHash } from "node:crypto";
import { assumedRoleArn, rolesAnywhereArn, type Location } from "../arns";
import { mintCredentials } from "../ids";
import type { LoadedCertificate } from "../pki/loadCertificate";
import type { ProfileRecord, RoleRecord, SessionRecord, TrustAnchorRecord } from "../state/records";
import { formatName } from "../../certificate/name";
import { isoSeconds } from "../../encoding/isoSeconds";

/** What a new session is made from. @internal */
export interface IssueSessionInput {
  readonly location: Location;
  readonly anchor: TrustAnchorRecord;
  readonly profile: ProfileRecord;
  readonly role: RoleRecord;
  readonly leaf: LoadedCertificate;
  readonly roleSessionName: string;
  readonly sourceIdentity: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly durationSeconds: number;
  readonly now: Date;
}

/**
 * A stable subject id for a certificate identity (subject + issuer), shaped like a UUID:
 * AWS creates one subject per identity, so repeated sessions of one certificate share it.
 * @internal
 */
export function subjectIdOf(leaf: LoadedCertificate): string {
  const hex = createHash("sha256")
    .update(`${formatName(leaf.info.subject)}\n${formatName(leaf.info.issuer)}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A Roles Anywhere session for an allowed request, with fresh credentials (`mintCredentials`:
 * expiration `now + durationSeconds`, in whole seconds).
 * @internal
 */
export function issueSession(input: IssueSessionInput): SessionRecord {
  return {
    ...mintCredentials(input.now, input.durationSeconds),
    roleArn: input.role.arn,
    roleName: input.role.name,
    roleId: input.role.roleId,
    roleSessionName: input.roleSessionName,
    assumedRoleArn: assumedRoleArn(input.location, input.role.name, input.roleSessionName),
    accountId: input.location.accountId,
    sourceIdentity: input.sourceIdentity,
    tags: { ...input.tags },
    trustAnchorArn: input.anchor.arn,
    profileArn: input.profile.arn,
    subjectArn: rolesAnywhereArn(input.location, "subject", subjectIdOf(input.leaf)),
    certificateSerialHex: input.leaf.info.serialHex,
  };
}

/**
 * `packedPolicySize`: the percentage of STS's packed session-policy-and-tags budget used. AWS's
 * packing is undocumented (46 was observed with default tags); this estimates it from the tag
 * bytes against a 2048-byte budget (a choice), clamped to 0–100.
 * @internal
 */
export function packedPolicySizeOf(tags: Readonly<Record<string, string>>): number {
  const bytes = Object.entries(tags).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  return Math.min(100, Math.ceil((bytes * 100) / 2048));
}

/**
 * The 201 CreateSession body (docs/service-behaviour.md §2.3).
 * @internal
 */
export function createSessionResponseBody(session: SessionRecord): object {
  return {
    credentialSet: [
      {
        assumedRoleUser: { arn: session.assumedRoleArn, assumedRoleId: `${session.roleId}:${session.roleSessionName}` },
        credentials: {
          accessKeyId: session.accessKeyId,
          expiration: isoSeconds(session.expiration),
          secretAccessKey: session.secretAccessKey,
          sessionToken: session.sessionToken,
        },
        packedPolicySize: packedPolicySizeOf(session.tags),
        roleArn: session.roleArn,
        sourceIdentity: session.sourceIdentity,
      },
    ],
    subjectArn: session.subjectArn,
  };
}
