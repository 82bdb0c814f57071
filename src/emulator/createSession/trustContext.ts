import { createConditionContext, type ConditionContext } from "../policy/context";
import { isoSeconds } from "../../encoding/isoSeconds";

/** What the trust-policy context is built from. @internal */
export interface TrustContextInput {
  readonly tags: Readonly<Record<string, string>>;
  readonly trustAnchorArn: string;
  readonly accountId: string;
  readonly sourceIdentity: string;
  readonly roleSessionName: string;
  readonly now: Date;
}

/**
 * The condition keys STS sees when Roles Anywhere assumes a role (docs/service-behaviour.md §5):
 * `aws:PrincipalTag/<tag>` for each mapped certificate attribute, `aws:SourceArn` (the trust
 * anchor ARN), `aws:SourceAccount`, `sts:SourceIdentity`. Also, as STS does for tags passed in
 * AssumeRole (AWS does not document it for Roles Anywhere; a choice): `aws:RequestTag/<tag>` and
 * the multi-valued `aws:TagKeys`; plus `sts:RoleSessionName`, `aws:CurrentTime`, `aws:EpochTime`.
 * @internal
 */
export function createTrustContext(input: TrustContextInput): ConditionContext {
  const entries: Record<string, string | string[]> = {
    "aws:SourceArn": input.trustAnchorArn,
    "aws:SourceAccount": input.accountId,
    "sts:SourceIdentity": input.sourceIdentity,
    "sts:RoleSessionName": input.roleSessionName,
    "aws:CurrentTime": isoSeconds(input.now),
    "aws:EpochTime": String(Math.floor(input.now.getTime() / 1000)),
    "aws:TagKeys": Object.keys(input.tags),
  };
  for (const [key, value] of Object.entries(input.tags)) {
    entries[`aws:PrincipalTag/${key}`] = value;
    entries[`aws:RequestTag/${key}`] = value;
  }
  return createConditionContext(entries);
}
