import { RolesAnywhereError } from "../errors";

/**
 * Endpoint variants of the Roles Anywhere service.
 *
 * @public
 */
export interface EndpointVariant {
  readonly useFipsEndpoint?: boolean;
  readonly useDualstackEndpoint?: boolean;
}

interface Partition {
  readonly name: string;
  readonly regions: RegExp;
  readonly dnsSuffix: string;
  readonly dualstackDnsSuffix?: string;
}

/** Partitions and their DNS suffixes (AWS endpoint rules). @internal */
export const PARTITIONS: readonly Partition[] = [
  { name: "aws-cn", regions: /^cn-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com.cn", dualstackDnsSuffix: "api.amazonwebservices.com.cn" },
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
export const resolveEndpoint = (region: string, { useFipsEndpoint = false, useDualstackEndpoint = false }: EndpointVariant = {}): string => {
  const partition = partitionOf(region);
  if (!partition) {
    throw new RolesAnywhereError("ERR_INVALID_OPTION", `"${region}" is not an AWS region. Pass a region such as "us-east-1", or an explicit endpoint.`);
  }
  const host = useFipsEndpoint ? "rolesanywhere-fips" : "rolesanywhere";
  if (useDualstackEndpoint) {
    if (!partition.dualstackDnsSuffix) {
      throw new RolesAnywhereError("ERR_INVALID_OPTION", `Dual-stack endpoints are not available in the ${partition.name} partition. Turn off useDualstackEndpoint or pass an explicit endpoint.`);
    }
    return `https://${host}.${region}.${partition.dualstackDnsSuffix}`;
  }
  return `https://${host}.${region}.${partition.dnsSuffix}`;
};
