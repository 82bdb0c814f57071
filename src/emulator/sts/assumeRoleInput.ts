import { STS_ERRORS } from "./stsError";

/** A session tag passed in `AssumeRole` (`Tags.member.N.Key` / `.Value`). @internal */
export interface RequestTag {
  readonly key: string;
  readonly value: string;
}

/** The `AssumeRole` input after validation. @internal */
export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly sourceIdentity?: string;
  readonly externalId?: string;
  readonly tags: readonly RequestTag[];
  readonly transitiveTagKeys: readonly string[];
}

// Limits and patterns of the STS API model (AssumeRoleRequest).
const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

const lengthBetween = (field: string, value: string, min: number, max: number): void => {
  if (value.length < min) throw STS_ERRORS.validation(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw STS_ERRORS.validation(field, value, `Member must have length less than or equal to ${max}`);
};

const pattern = (field: string, value: string, regex: RegExp, shown: string): void => {
  if (!regex.test(value)) throw STS_ERRORS.validation(field, value, `Member must satisfy regular expression pattern: ${shown}`);
};

/** `Prefix.member.1`, `Prefix.member.2`, … until the first gap (the query protocol's list encoding). */
function members(params: URLSearchParams, prefix: string): string[] {
  const found: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`) || params.has(`${prefix}.member.${i}.Key`); i++) {
    found.push(`${prefix}.member.${i}`);
  }
  return found;
}

function parseTags(params: URLSearchParams): RequestTag[] {
  const tags = members(params, "Tags").map((member): RequestTag => {
    const key = params.get(`${member}.Key`);
    const value = params.get(`${member}.Value`);
    if (key === null) throw STS_ERRORS.validation("tags.member.key", null, "Member must not be null");
    if (value === null) throw STS_ERRORS.validation("tags.member.value", null, "Member must not be null");
    lengthBetween("tags.member.key", key, 1, 128);
    pattern("tags.member.key", key, TAG_KEY, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    lengthBetween("tags.member.value", value, 0, 256);
    pattern("tags.member.value", value, TAG_VALUE, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    return { key, value };
  });
  if (tags.length > MAX_TAGS)
    throw STS_ERRORS.validation("tags", `${tags.length} tags`, `Member must have length less than or equal to ${MAX_TAGS}`);
  const seen = new Set<string>();
  for (const { key } of tags) {
    // Tag keys are case-insensitive: `Team` and `team` are the same tag.
    if (seen.has(key.toLowerCase()))
      throw STS_ERRORS.invalidParameter(`Duplicate tag keys found. Please note that Tag keys are case insensitive.`, `tag ${key} twice`);
    seen.add(key.toLowerCase());
  }
  return tags;
}

/**
 * Reads and validates the `AssumeRole` parameters (query protocol) against the STS model:
 * `RoleArn` (20–2048), `RoleSessionName` (2–64 of `[\w+=,.@-]`), `DurationSeconds`
 * (900–43200), `SourceIdentity` (2–64 of `[\w+=,.@-]`), `ExternalId`
 * (2–1224 of `[\w+=,.@:/-]`), `Tags.member.N.Key/Value` (at most 50; keys 1–128, values 0–256
 * characters of the tag alphabet, no key twice in any case) and `TransitiveTagKeys.member.N`
 * (each one of the passed tags). `Policy`, `PolicyArns` (session policies) and MFA parameters
 * are accepted and not evaluated: the emulator models trust policies, not permissions.
 * @throws StsError 400 `ValidationError` with the AWS (Coral) validation wording, or
 * `InvalidParameterValue` for tag problems that are not shape errors.
 * @internal
 */
export function parseAssumeRoleInput(params: URLSearchParams): AssumeRoleInput {
  const roleArn = params.get("RoleArn");
  if (roleArn === null) throw STS_ERRORS.validation("roleArn", null, "Member must not be null");
  lengthBetween("roleArn", roleArn, 20, 2048);
  const roleSessionName = params.get("RoleSessionName");
  if (roleSessionName === null) throw STS_ERRORS.validation("roleSessionName", null, "Member must not be null");
  lengthBetween("roleSessionName", roleSessionName, 2, 64);
  pattern("roleSessionName", roleSessionName, SESSION_NAME, "[\\w+=,.@-]*");

  let durationSeconds: number | undefined;
  const duration = params.get("DurationSeconds");
  if (duration !== null) {
    if (!/^-?\d+$/.test(duration)) throw STS_ERRORS.validation("durationSeconds", duration, "Member must be an integer");
    durationSeconds = Number(duration);
    if (durationSeconds < 900)
      throw STS_ERRORS.validation("durationSeconds", duration, "Member must have value greater than or equal to 900");
    if (durationSeconds > 43200)
      throw STS_ERRORS.validation("durationSeconds", duration, "Member must have value less than or equal to 43200");
  }
  const sourceIdentity = params.get("SourceIdentity") ?? undefined;
  if (sourceIdentity !== undefined) {
    lengthBetween("sourceIdentity", sourceIdentity, 2, 64);
    // The pattern has no ":", so the reserved "aws:" prefix cannot get through either.
    pattern("sourceIdentity", sourceIdentity, SESSION_NAME, "[\\w+=,.@-]*");
  }
  const externalId = params.get("ExternalId") ?? undefined;
  if (externalId !== undefined) {
    lengthBetween("externalId", externalId, 2, 1224);
    pattern("externalId", externalId, EXTERNAL_ID, "[\\w+=,.@:\\/-]*");
  }
  const tags = parseTags(params);
  const transitiveTagKeys = members(params, "TransitiveTagKeys").map((member) => params.get(member)!);
  for (const key of transitiveTagKeys) {
    if (!tags.some((tag) => tag.key.toLowerCase() === key.toLowerCase())) {
      throw STS_ERRORS.invalidParameter(
        `The transitive tag key ${key} is not one of the session tags passed in the request.`,
        "transitive key without a tag",
      );
    }
  }
  return {
    roleArn,
    roleSessionName,
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    ...(externalId === undefined ? {} : { externalId }),
    tags,
    transitiveTagKeys,
  };
}
