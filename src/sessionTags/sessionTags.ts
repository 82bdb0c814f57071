import type { CertificateInfo } from "../certificate/certificate";
import type { NameAttribute } from "../certificate/name";

/**
 * Which attributes of one certificate field become session tags (the shape of Roles Anywhere's
 * `PutAttributeMapping`): specifiers such as `*`, `CN`, or for `x509SAN` `DNS`, `URI`, `Name/*`.
 * @internal
 */
export interface AttributeMappingRules {
  readonly certificateField: "x509Subject" | "x509Issuer" | "x509SAN";
  readonly mappingRules: readonly { readonly specifier: string }[];
}

/**
 * RDNs mapped to session tags. AWS documents CN, OU, O, C, ST, L (and cites UID); its full
 * "supported" list is not published, so exactly these are mapped (a choice).
 * @internal
 */
export const MAPPED_RDNS: readonly string[] = ["CN", "OU", "O", "C", "ST", "L", "UID"];

/** STS session tag value rules: ≤256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`. @internal */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAG_VALUE = 256;

/** Session tags derived from a certificate, and the attributes that could not be mapped. @internal */
export interface MappedTags {
  /** Tag key (e.g. `x509Subject/CN`) → value. */
  readonly tags: Readonly<Record<string, string>>;
  /** Attribute names whose values are not valid tag values, per certificate field. */
  readonly failures: { readonly issuer: string[]; readonly subject: string[]; readonly san: string[] };
}

/** Which RDNs a field's rules select: `*` = every mapped RDN, otherwise the RDNs named. */
function selectRdns(name: readonly NameAttribute[], specifiers: readonly string[]): [string, string][] {
  const all = specifiers.includes("*");
  const grouped = new Map<string, string[]>();
  for (const attribute of name) {
    const rdn = attribute.shortName;
    if (rdn === undefined || !(all ? MAPPED_RDNS.includes(rdn) : specifiers.includes(rdn))) continue;
    const values = grouped.get(rdn) ?? [];
    values.push(attribute.value); // several values of one RDN are joined with "/" in certificate order
    grouped.set(rdn, values);
  }
  return [...grouped].map(([rdn, values]) => [rdn, values.join("/")]);
}

/** The default mapping, as GetProfile shows it (docs/service-behaviour.md §4.1). @internal */
export const DEFAULT_ATTRIBUTE_MAPPINGS: readonly AttributeMappingRules[] = [
  { certificateField: "x509Subject", mappingRules: [{ specifier: "*" }] },
  { certificateField: "x509Issuer", mappingRules: [{ specifier: "*" }] },
  { certificateField: "x509SAN", mappingRules: [{ specifier: "DNS" }, { specifier: "URI" }, { specifier: "Name/*" }] },
];

function specifiersFor(field: AttributeMappingRules["certificateField"], mappings: readonly AttributeMappingRules[]): string[] {
  const own = mappings.find((m) => m.certificateField === field) ?? DEFAULT_ATTRIBUTE_MAPPINGS.find((m) => m.certificateField === field)!;
  return own.mappingRules.map((r) => r.specifier);
}

/**
 * Session tags from a certificate under a profile's attribute mapping (docs/service-behaviour.md
 * §4.1–4.2). By default: every mapped subject RDN → `x509Subject/<RDN>`, issuer RDN →
 * `x509Issuer/<RDN>`, the first SAN DNS name → `x509SAN/DNS`, the first URI → `x509SAN/URI`, the
 * first directoryName's RDNs → `x509SAN/Name/<RDN>`. A field listed in `mappings` uses only its
 * own specifiers (`*`, an RDN such as `CN`; for SAN `DNS`, `URI`, `Name`, `Name/`, `Name/*`,
 * `Name/<RDN>`); an empty rule list maps nothing from that field. Values that are not valid STS
 * tag values are reported in `failures` (AWS then refuses the request, which is what users
 * observe); unmapped attributes cannot fail.
 * @internal
 */
export function mapCertificateToTags(info: CertificateInfo, mappings: readonly AttributeMappingRules[] = []): MappedTags {
  const tags: Record<string, string> = {};
  const failures = { issuer: [] as string[], subject: [] as string[], san: [] as string[] };
  const put = (field: keyof typeof failures, key: string, label: string, value: string) => {
    if (value.length > MAX_TAG_VALUE || !TAG_VALUE.test(value)) failures[field].push(label);
    else tags[key] = value;
  };
  for (const [rdn, value] of selectRdns(info.subject, specifiersFor("x509Subject", mappings)))
    put("subject", `x509Subject/${rdn}`, rdn, value);
  for (const [rdn, value] of selectRdns(info.issuer, specifiersFor("x509Issuer", mappings))) put("issuer", `x509Issuer/${rdn}`, rdn, value);
  const sanSpecifiers = specifiersFor("x509SAN", mappings);
  const sanAll = sanSpecifiers.includes("*");
  const san = info.subjectAltName;
  if ((sanAll || sanSpecifiers.includes("DNS")) && san?.dns[0] !== undefined) put("san", "x509SAN/DNS", "DNS", san.dns[0]);
  if ((sanAll || sanSpecifiers.includes("URI")) && san?.uri[0] !== undefined) put("san", "x509SAN/URI", "URI", san.uri[0]);
  const directoryName = san?.directoryNames[0];
  if (directoryName) {
    // `Name` and `Name/` mean `Name/*`.
    const nameRules = sanSpecifiers
      .filter((s) => s === "Name" || s.startsWith("Name/"))
      .map((s) => (s === "Name" || s === "Name/" ? "*" : s.slice("Name/".length)));
    for (const [rdn, value] of selectRdns(directoryName, sanAll ? ["*"] : nameRules)) {
      put("san", `x509SAN/Name/${rdn}`, `Name/${rdn}`, value);
    }
  }
  return { tags, failures };
}

/**
 * The message detail for unmappable attributes, after AWS's observed shape
 * `Some attributes failed to be mapped into session tags. Issuer: [ … ]; Subject: [ … ]; SAN: [ … ]`
 * (what AWS lists inside the brackets is not documented; the attribute names are listed here).
 * @internal
 */
export const describeTagFailures = (f: MappedTags["failures"]): string =>
  `Some attributes failed to be mapped into session tags. Issuer: [${f.issuer.join(", ")}]; Subject: [${f.subject.join(", ")}]; SAN: [${f.san.join(", ")}]`;
