import { RolesAnywhereError } from "../errors";

/**
 * Endpoint variants of the Roles Anywhere service.
 *
 * @public
 */
export interface EndpointVariant {
  /** Use the FIPS endpoint, `rolesanywhere-fips.<region>.…`. Default false. */
  readonly useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv4 and IPv6) endpoint, `rolesanywhere.<region>.api.aws` and its kin. Default false. */
  readonly useDualstackEndpoint?: boolean;
}

/**
 * An AWS partition as endpoint resolution sees it.
 *
 * @public
 */
export interface Partition {
  /** `aws`, `aws-cn`, `aws-us-gov`, … */
  readonly name: string;
  /** Matches the names of the partition's regions. */
  readonly regions: RegExp;
  /** DNS suffix of its endpoints, e.g. `amazonaws.com`. */
  readonly dnsSuffix: string;
  /** DNS suffix of its dual-stack endpoints, when it has them. */
  readonly dualstackDnsSuffix?: string;
}

/** Partitions and their DNS suffixes (AWS endpoint rules). @internal */
export const PARTITIONS: readonly Partition[] = [
  { name: "aws-cn", regions: /^cn-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com.cn", dualstackDnsSuffix: "api.amazonwebservices.com.cn" },
  { name: "aws-eusc", regions: /^eusc-de-[a-z]+-\d+$/, dnsSuffix: "amazonaws.eu", dualstackDnsSuffix: "api.amazonwebservices.eu" },
  { name: "aws-us-gov", regions: /^us-gov-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com", dualstackDnsSuffix: "api.aws" },
  { name: "aws-iso", regions: /^us-iso-[a-z]+-\d+$/, dnsSuffix: "c2s.ic.gov" },
  { name: "aws-iso-b", regions: /^us-isob-[a-z]+-\d+$/, dnsSuffix: "sc2s.sgov.gov" },
  { name: "aws-iso-e", regions: /^eu-isoe-[a-z]+-\d+$/, dnsSuffix: "cloud.adc-e.uk" },
  { name: "aws-iso-f", regions: /^us-isof-[a-z]+-\d+$/, dnsSuffix: "csp.hci.ic.gov" },
  { name: "aws", regions: /^[a-z]{2}(-[a-z]+)+-\d+$/, dnsSuffix: "amazonaws.com", dualstackDnsSuffix: "api.aws" },
];

/**
 * The partition a region belongs to, or `undefined` for a malformed region.
 *
 * @public
 */
export const partitionOf = (region: string): Partition | undefined => PARTITIONS.find(({ regions }) => regions.test(region));

/**
 * The Roles Anywhere endpoint URL for a region, as the AWS endpoint rules give it.
 *
 * @throws {@link RolesAnywhereError} `ERR_INVALID_OPTION` for an unknown region or an unavailable variant.
 * @public
 */
export const resolveEndpoint = (
  region: string,
  { useFipsEndpoint = false, useDualstackEndpoint = false }: EndpointVariant = {},
): string => {
  const partition = partitionOf(region);
  if (!partition) {
    throw new RolesAnywhereError(
      "ERR_INVALID_OPTION",
      `"${region}" is not an AWS region. Pass a region such as "us-east-1", or an explicit endpoint.`,
    );
  }
  const host = useFipsEndpoint ? "rolesanywhere-fips" : "rolesanywhere";
  if (useDualstackEndpoint) {
    if (!partition.dualstackDnsSuffix) {
      throw new RolesAnywhereError(
        "ERR_INVALID_OPTION",
        `Dual-stack endpoints are not available in the ${partition.name} partition. Turn off useDualstackEndpoint or pass an explicit endpoint.`,
      );
    }
    return `https://${host}.${region}.${partition.dualstackDnsSuffix}`;
  }
  return `https://${host}.${region}.${partition.dnsSuffix}`;
};
