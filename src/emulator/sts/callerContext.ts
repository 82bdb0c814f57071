import { parseArn } from "../../protocol/arn";
import { createConditionContext, type ConditionContext } from "../policy/context";
import type { RequestPrincipal } from "../policy/evaluatePolicy";
import type { SessionRecord } from "../state/records";
import type { RequestTag } from "./assumeRoleInput";

/**
 * The `AWS` principal a role session is to a trust policy: its assumed-role ARN, and also the
 * role's ARN and its account's root (`arn:<p>:iam::<account>:root`, or the bare account id),
 * each of which a policy may name to trust it.
 * @internal
 */
export function awsPrincipalOfSession(session: SessionRecord): RequestPrincipal {
  const partition = parseArn(session.roleArn)?.partition ?? "aws";
  return {
    type: "AWS",
    id: session.assumedRoleArn,
    aliases: [session.roleArn, `arn:${partition}:iam::${session.accountId}:root`],
  };
}

/** What an AssumeRole's condition context is built from. @internal */
export interface AssumeRoleContextInput {
  /** The session whose credentials signed the request. */
  readonly caller: SessionRecord;
  readonly roleSessionName: string;
  /** The source identity the new session will carry (the caller's, or the one requested). */
  readonly sourceIdentity?: string;
  readonly externalId?: string;
  /** Tags passed in the request (not the inherited ones). */
  readonly requestTags: readonly RequestTag[];
  readonly transitiveTagKeys: readonly string[];
  readonly now: Date;
}

/**
 * The condition keys STS evaluates a role's trust policy with when a role session calls
 * AssumeRole (IAM's global and STS keys): `aws:PrincipalArn` (the caller's role ARN, not its
 * session ARN), `aws:PrincipalAccount`, `aws:PrincipalType` (`AssumedRole`), `aws:userid`
 * (`<role id>:<session>`), `aws:PrincipalTag/<key>` for every session tag of the caller (its
 * own and the transitive ones it inherited), `aws:SourceIdentity` (the caller's, when set),
 * `sts:SourceIdentity`, `sts:RoleSessionName`, `sts:ExternalId`, `aws:RequestTag/<key>` and
 * `aws:TagKeys` for the tags passed in the request, `sts:TransitiveTagKeys`,
 * `aws:PrincipalIsAWSService` (`false`), `aws:CurrentTime`, `aws:EpochTime`.
 * @internal
 */
export function createAssumeRoleContext(input: AssumeRoleContextInput): ConditionContext {
  const { caller } = input;
  const entries: Record<string, string | string[] | undefined> = {
    "aws:PrincipalArn": caller.roleArn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": "AssumedRole",
    "aws:userid": `${caller.roleId}:${caller.roleSessionName}`,
    "aws:PrincipalIsAWSService": "false",
    "aws:SourceIdentity": caller.sourceIdentity === "" ? undefined : caller.sourceIdentity,
    "sts:SourceIdentity": input.sourceIdentity,
    "sts:RoleSessionName": input.roleSessionName,
    "sts:ExternalId": input.externalId,
    "aws:CurrentTime": input.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:EpochTime": String(Math.floor(input.now.getTime() / 1000)),
  };
  if (input.requestTags.length > 0) entries["aws:TagKeys"] = input.requestTags.map((t) => t.key);
  if (input.transitiveTagKeys.length > 0) entries["sts:TransitiveTagKeys"] = [...input.transitiveTagKeys];
  for (const [key, value] of Object.entries(caller.tags)) entries[`aws:PrincipalTag/${key}`] = value;
  for (const { key, value } of input.requestTags) entries[`aws:RequestTag/${key}`] = value;
  return createConditionContext(entries);
}
