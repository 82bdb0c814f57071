/**
 * The classic Roles Anywhere lab's `config.json` (Region, AccountID, certificate_file,
 * certificate_key, AnchorID, ProfileID, RoleName) turned into session flags.
 * @internal
 */

/** Flags derived from a lab config, by flag name. @internal */
export interface LabFlags {
  region: string;
  certificate: string;
  "private-key": string;
  "trust-anchor-arn": string;
  "profile-arn": string;
  "role-arn": string;
}

const KEYS = ["Region", "AccountID", "certificate_file", "certificate_key", "AnchorID", "ProfileID", "RoleName"] as const;

/**
 * Validates a parsed lab config and builds the ARNs the way the lab does:
 * `arn:aws:rolesanywhere:{Region}:{AccountID}:trust-anchor/{AnchorID}`, `...:profile/{ProfileID}`,
 * `arn:aws:iam::{AccountID}:role/{RoleName}`. Returns a list of problems instead of throwing.
 * @internal
 */
export function labConfigToFlags(config: unknown): { flags?: LabFlags; problems: string[] } {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return { problems: ["the file must hold a JSON object"] };
  }
  const record = config as Record<string, unknown>;
  const problems: string[] = [];
  const get = (key: (typeof KEYS)[number]): string => {
    const value = record[key];
    if (value === undefined || value === null || value === "") {
      problems.push(`${key} is missing`);
      return "";
    }
    if (typeof value !== "string" && typeof value !== "number") {
      problems.push(`${key} must be a string`);
      return "";
    }
    const text = String(value).trim();
    if (/^CHANGE_?ME$/i.test(text)) problems.push(`${key} is still the placeholder "${text}"`);
    return text;
  };
  const [region, account, cert, key, anchor, profile, role] = KEYS.map(get) as [string, string, string, string, string, string, string];
  if (account && !/^CHANGE_?ME$/i.test(account) && !/^\d{12}$/.test(account))
    problems.push("AccountID must be the 12-digit account number");
  if (region && !/^CHANGE_?ME$/i.test(region) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    problems.push(`Region "${region}" is not an AWS region name such as us-east-1`);
  if (problems.length > 0) return { problems };
  const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return {
    problems,
    flags: {
      region,
      certificate: cert,
      "private-key": key,
      "trust-anchor-arn": `arn:${partition}:rolesanywhere:${region}:${account}:trust-anchor/${anchor}`,
      "profile-arn": `arn:${partition}:rolesanywhere:${region}:${account}:profile/${profile}`,
      "role-arn": `arn:${partition}:iam::${account}:role/${role}`,
    },
  };
}
