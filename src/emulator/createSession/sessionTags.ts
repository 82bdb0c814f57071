import type { CertificateInfo } from "../../x509/certificate";
import type { NameAttribute } from "../../x509/name";

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

/** Groups a name's mapped RDNs; several values of one RDN are joined with `/` in certificate order. */
function rdnValues(name: readonly NameAttribute[]): [string, string][] {
  const grouped = new Map<string, string[]>();
  for (const attribute of name) {
    if (attribute.shortName === undefined || !MAPPED_RDNS.includes(attribute.shortName)) continue;
    const values = grouped.get(attribute.shortName) ?? [];
    values.push(attribute.value);
    grouped.set(attribute.shortName, values);
  }
  return [...grouped].map(([rdn, values]) => [rdn, values.join("/")]);
}

/**
 * The default Roles Anywhere attribute mapping (roles-anywhere-service.md §4.1): every mapped
 * subject RDN → `x509Subject/<RDN>`, issuer RDN → `x509Issuer/<RDN>`, the first SAN DNS name →
 * `x509SAN/DNS`, the first URI → `x509SAN/URI`, the first directoryName's RDNs →
 * `x509SAN/Name/<RDN>`. Values that are not valid STS tag values are reported in `failures`
 * (AWS then refuses the request, which is what users observe).
 * @internal
 */
export function mapCertificateToTags(info: CertificateInfo): MappedTags {
  const tags: Record<string, string> = {};
  const failures = { issuer: [] as string[], subject: [] as string[], san: [] as string[] };
  const put = (field: keyof typeof failures, key: string, label: string, value: string) => {
    if (value.length > MAX_TAG_VALUE || !TAG_VALUE.test(value)) failures[field].push(label);
    else tags[key] = value;
  };
  for (const [rdn, value] of rdnValues(info.subject)) put("subject", `x509Subject/${rdn}`, rdn, value);
  for (const [rdn, value] of rdnValues(info.issuer)) put("issuer", `x509Issuer/${rdn}`, rdn, value);
  const san = info.subjectAltName;
  if (san?.dns[0] !== undefined) put("san", "x509SAN/DNS", "DNS", san.dns[0]);
  if (san?.uri[0] !== undefined) put("san", "x509SAN/URI", "URI", san.uri[0]);
  const directoryName = san?.directoryNames[0];
  if (directoryName) {
    for (const [rdn, value] of rdnValues(directoryName)) put("san", `x509SAN/Name/${rdn}`, `Name/${rdn}`, value);
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
