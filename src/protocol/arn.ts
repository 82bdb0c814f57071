import { RolesAnywhereError } from "../errors";
import { wordedError } from "../errorWords";

/**
 * The components of an ARN.
 *
 * @public
 */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(\S+)$/;

/**
 * Splits an ARN, or returns `undefined` when the text is not one.
 *
 * @public
 */
export const parseArn = (text: string): Arn | undefined => {
  const match = ARN.exec(text);
  if (!match) return undefined;
  return { partition: match[1]!, service: match[2]!, region: match[3]!, accountId: match[4]!, resource: match[5]! };
};

/**
 * Which of the three ARNs of a session an ARN is meant to be.
 *
 * @public
 */
export type ArnKind = "trustAnchorArn" | "profileArn" | "roleArn";

const EXPECTED: Record<ArnKind, { service: string; prefix: string; example: string }> = {
  trustAnchorArn: {
    service: "rolesanywhere",
    prefix: "trust-anchor/",
    example: "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/<id>",
  },
  profileArn: { service: "rolesanywhere", prefix: "profile/", example: "arn:aws:rolesanywhere:us-east-1:123456789012:profile/<id>" },
  roleArn: { service: "iam", prefix: "role/", example: "arn:aws:iam::123456789012:role/<name>" },
};

/**
 * Checks that `value` is an ARN of the expected kind (service, resource type,
 * region and account present where required).
 *
 * @throws {@link RolesAnywhereError} `ERR_INVALID_OPTION` when it is missing (or not a string),
 * `ERR_INVALID_ARN` when it is malformed, naming the option and the expected form.
 * @public
 */
export const validateArn = (kind: ArnKind, value: unknown): Arn => {
  const { service, prefix, example } = EXPECTED[kind];
  const fail = (detail: string, code: "ERR_INVALID_ARN" | "ERR_INVALID_OPTION" = "ERR_INVALID_ARN"): never => {
    throw wordedError(code, (words) => `${words.name(kind)} ${detail}. Expected the form ${example}.`);
  };
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === ""))
    return fail("is missing", "ERR_INVALID_OPTION");
  if (typeof value !== "string")
    return fail(`must be a string, not ${Array.isArray(value) ? "an array" : typeof value}`, "ERR_INVALID_OPTION");
  const arn = parseArn(value);
  if (!arn) return fail(`"${value}" is not an ARN`);
  if (arn.service !== service) return fail(`"${value}" is an ARN of the service "${arn.service}", not "${service}"`);
  if (!arn.resource.startsWith(prefix)) {
    return fail(`"${value}" names a "${arn.resource.split("/")[0]}" resource, not a "${prefix.slice(0, -1)}"`);
  }
  if (arn.resource.length === prefix.length) return fail(`"${value}" has no ${prefix.slice(0, -1)} id after "${prefix}"`);
  if (arn.accountId === "") return fail(`"${value}" has no account id`);
  if (service === "rolesanywhere" && arn.region === "") return fail(`"${value}" has no region`);
  if (service === "iam" && arn.region !== "") return fail(`"${value}" has a region; IAM role ARNs have none`);
  return arn;
};
