import type { CertificateInfo } from "../x509/certificate";
import type { NameAttribute } from "../x509/name";

/**
 * The principal tags IAM Roles Anywhere maps from a certificate with its default attribute mapping:
 * every named subject/issuer RDN (`x509Subject/CN`, `x509Issuer/O`, ...; repeated RDNs joined with
 * `/` in certificate order) and the first SAN DNS name, URI and directory name
 * (`x509SAN/DNS`, `x509SAN/URI`, `x509SAN/Name/CN`, ...).
 * @internal
 */
export function mapSessionTags(cert: CertificateInfo): Record<string, string> {
  const tags: Record<string, string> = {};
  addName(tags, "x509Subject", cert.subject);
  addName(tags, "x509Issuer", cert.issuer);
  const san = cert.subjectAltName;
  if (san?.dns[0] !== undefined) tags["x509SAN/DNS"] = san.dns[0];
  if (san?.uri[0] !== undefined) tags["x509SAN/URI"] = san.uri[0];
  if (san?.directoryNames[0] !== undefined) addName(tags, "x509SAN/Name", san.directoryNames[0]);
  return tags;
}

function addName(tags: Record<string, string>, prefix: string, name: readonly NameAttribute[]): void {
  const grouped = new Map<string, string[]>();
  for (const attribute of name) {
    if (attribute.shortName === undefined) continue;
    const list = grouped.get(attribute.shortName) ?? [];
    list.push(attribute.value);
    grouped.set(attribute.shortName, list);
  }
  for (const [shortName, values] of grouped) tags[`${prefix}/${shortName}`] = values.join("/");
}

/** STS session-tag value pattern; values outside it make CreateSession fail in practice. @internal */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Problems STS would have with these tags (value characters and lengths). @internal */
export function sessionTagProblems(tags: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (!TAG_VALUE.test(value)) {
      problems.push(`tag ${key} has characters STS refuses in session tags (allowed: letters, digits, spaces and _ . : / = + - @); CreateSession may fail with "Some attributes failed to be mapped into session tags"`);
    }
    if (value.length > 256) problems.push(`tag ${key} is longer than 256 characters, the STS limit for tag values`);
  }
  if (Object.keys(tags).length > 50) problems.push("more than 50 tags; STS allows at most 50 session tags");
  return problems;
}

/**
 * The source identity Roles Anywhere sets: `CN=<cn>` for a CN of up to 61 characters, the bare CN
 * for 62..64, else `ID=<hex serial>` (zero-padded to an even length).
 * @internal
 */
export function sourceIdentity(cert: CertificateInfo): string {
  const cn = cert.subject.find((a) => a.shortName === "CN")?.value;
  if (cn !== undefined && cn.length <= 61) return `CN=${cn}`;
  if (cn !== undefined && cn.length <= 64) return cn;
  const hex = cert.serialHex;
  return `ID=${hex.length % 2 === 1 ? `0${hex}` : hex}`;
}
