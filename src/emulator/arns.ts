/**
 * The AWS partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`.
 * @internal
 */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

/** Account/region/partition an emulator instance lives in. @internal */
export interface Location {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** `arn:<p>:rolesanywhere:<region>:<acct>:<type>/<id>`. @internal */
export const rolesAnywhereArn = (loc: Location, type: "trust-anchor" | "profile" | "subject" | "crl", id: string): string =>
  `arn:${loc.partition}:rolesanywhere:${loc.region}:${loc.accountId}:${type}/${id}`;

/** `arn:<p>:iam::<acct>:role<path><name>` (path `/` gives `role/<name>`). @internal */
export const roleArn = (loc: Pick<Location, "partition" | "accountId">, path: string, name: string): string =>
  `arn:${loc.partition}:iam::${loc.accountId}:role${path}${name}`;

/** `arn:<p>:sts::<acct>:assumed-role/<name>/<session>`: the role path is dropped, as AWS does. @internal */
export const assumedRoleArn = (loc: Pick<Location, "partition" | "accountId">, roleName: string, sessionName: string): string =>
  `arn:${loc.partition}:sts::${loc.accountId}:assumed-role/${roleName}/${sessionName}`;
