import { oid, printable, seq, set, utf8 } from "./derWriter";

/**
 * ACM PCA's `ASN1Subject` members in the order a Name is built from them, with their attribute
 * OIDs; `Country`, `SerialNumber` and `DistinguishedNameQualifier` are PrintableString, the rest
 * UTF8String.
 */
const ATTRIBUTES: readonly [string, string, boolean][] = [
  ["Country", "2.5.4.6", true],
  ["Organization", "2.5.4.10", false],
  ["OrganizationalUnit", "2.5.4.11", false],
  ["DistinguishedNameQualifier", "2.5.4.46", true],
  ["State", "2.5.4.8", false],
  ["CommonName", "2.5.4.3", false],
  ["SerialNumber", "2.5.4.5", true],
  ["Locality", "2.5.4.7", false],
  ["Title", "2.5.4.12", false],
  ["Surname", "2.5.4.4", false],
  ["GivenName", "2.5.4.42", false],
  ["Initials", "2.5.4.43", false],
  ["Pseudonym", "2.5.4.65", false],
  ["GenerationQualifier", "2.5.4.44", false],
];

/** The ASN1Subject member names the emulator turns into a Name. @internal */
export const SUBJECT_MEMBERS = ATTRIBUTES.map(([name]) => name);

/** A Name (RDNSequence, one attribute per RDN) from an `ASN1Subject`. @internal */
export function nameFromSubject(subject: Readonly<Record<string, string>>): Uint8Array {
  const rdns = ATTRIBUTES.filter(([name]) => typeof subject[name] === "string" && subject[name] !== "").map(
    ([name, attrOid, isPrintable]) => set(seq(oid(attrOid), isPrintable ? printable(subject[name]!) : utf8(subject[name]!))),
  );
  return seq(...rdns);
}
