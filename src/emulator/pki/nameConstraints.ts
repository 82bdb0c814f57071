import type { CertificateInfo } from "../../certificate/certificate";
import { readName, type NameAttribute } from "../../certificate/name";
import { type DerNode, TAG, decodeInteger, isContext, isUniversal, parseDer } from "../../encoding/der";

/** The nameConstraints extension (RFC 5280 §4.2.1.10). @internal */
export const NAME_CONSTRAINTS_OID = "2.5.29.30";
const SUBJECT_ALT_NAME_OID = "2.5.29.17";
const EMAIL_ADDRESS_OID = "1.2.840.113549.1.9.1";

/** GeneralName tags (RFC 5280 §4.2.1.6) and how reasons name them. */
const FORMS: Readonly<Record<number, string>> = {
  0: "otherName",
  1: "rfc822Name",
  2: "dNSName",
  3: "x400Address",
  4: "directoryName",
  5: "ediPartyName",
  6: "uniformResourceIdentifier",
  7: "iPAddress",
  8: "registeredID",
};
const CHECKED_FORMS: ReadonlySet<number> = new Set([1, 2, 4, 6, 7]);

/** A name of a certificate, or the base of a constraint, by GeneralName form. */
interface GeneralName {
  readonly form: number;
  /** Text for rfc822Name, dNSName and URI. */
  readonly text?: string;
  /** Bytes for iPAddress (4/16 for a name, 8/32 with the mask for a constraint). */
  readonly bytes?: Uint8Array;
  /** RDNs for directoryName, each a list of attributes. */
  readonly rdns?: readonly (readonly NameAttribute[])[];
}

/** Parsed nameConstraints. @internal */
export interface NameConstraints {
  readonly permitted: readonly GeneralName[];
  readonly excluded: readonly GeneralName[];
}

const text = (node: DerNode): string => new TextDecoder().decode(node.content);

/** A Name's RDNs, keeping their boundaries (readName flattens them). */
const readRdns = (node: DerNode): NameAttribute[][] | undefined => {
  const flat = readName(node);
  if (!flat) return undefined;
  const rdns: NameAttribute[][] = [];
  let at = 0;
  for (const rdn of node.children) {
    rdns.push(flat.slice(at, at + rdn.children.length));
    at += rdn.children.length;
  }
  return rdns;
};

const readGeneralName = (node: DerNode): GeneralName | undefined => {
  if (node.tagClass !== 2) return undefined;
  const form = node.tagNumber;
  if (form === 1 || form === 2 || form === 6) return { form, text: text(node) };
  if (form === 7) return { form, bytes: node.content };
  if (form === 4) {
    const rdns = node.children[0] && readRdns(node.children[0]);
    return rdns ? { form, rdns } : undefined;
  }
  return FORMS[form] === undefined ? undefined : { form };
};

/**
 * Parses a nameConstraints value. `minimum` must be 0 and `maximum` absent (RFC 5280); anything
 * else, or a malformed structure, is a string saying what is wrong.
 * @internal
 */
export function parseNameConstraints(value: Uint8Array): NameConstraints | string {
  const root = parseDer(value);
  if (!isUniversal(root, TAG.SEQUENCE)) return "its nameConstraints extension is malformed";
  const permitted: GeneralName[] = [];
  const excluded: GeneralName[] = [];
  for (const part of root.children) {
    const target = isContext(part, 0) ? permitted : isContext(part, 1) ? excluded : undefined;
    if (!target) return "its nameConstraints extension is malformed";
    for (const subtree of part.children) {
      const [base, ...bounds] = subtree.children;
      const name = base && readGeneralName(base);
      if (!isUniversal(subtree, TAG.SEQUENCE) || !name) return "its nameConstraints extension has a malformed subtree";
      for (const bound of bounds) {
        if (!isContext(bound, 0) || decodeInteger(bound.content) !== 0n) {
          return "its nameConstraints extension sets a minimum or maximum (RFC 5280: minimum 0, maximum absent)";
        }
      }
      target.push(name);
    }
  }
  if (permitted.length + excluded.length === 0) return "its nameConstraints extension is empty";
  return { permitted, excluded };
}

/** The names a certificate claims: subject (directoryName), its emailAddress attributes, every SAN entry. */
const namesOf = (info: CertificateInfo): GeneralName[] => {
  const names: GeneralName[] = [];
  const tbs = parseDer(info.tbsCertificate);
  const fields = tbs?.children ?? [];
  const subject = fields[isContext(fields[0], 0) ? 5 : 4];
  const rdns = subject && readRdns(subject);
  if (rdns && rdns.length > 0) names.push({ form: 4, rdns });
  for (const attribute of info.subject) if (attribute.oid === EMAIL_ADDRESS_OID) names.push({ form: 1, text: attribute.value });
  const san = info.extensions.find((e) => e.oid === SUBJECT_ALT_NAME_OID);
  for (const node of (san && parseDer(san.value)?.children) ?? []) {
    names.push(readGeneralName(node) ?? { form: node.tagNumber });
  }
  return names;
};

const lower = (value: string): string => value.toLowerCase();
const normalize = (value: string): string => value.trim().replace(/\s+/g, " ").toLowerCase();

/** dNSName: the name is the constraint or ends with "." + constraint; a leading "." allows subdomains only. */
const dnsWithin = (name: string, constraint: string): boolean => {
  const n = lower(name).replace(/\.$/, "");
  const c = lower(constraint).replace(/\.$/, "");
  if (c === "") return true;
  if (c.startsWith(".")) return n.endsWith(c);
  return n === c || n.endsWith(`.${c}`);
};

/** A host of a URI or mailbox against a constraint: exact host, or ".domain" for any subdomain. */
const hostWithin = (host: string, constraint: string): boolean => {
  const h = lower(host);
  const c = lower(constraint);
  return c.startsWith(".") ? h.endsWith(c) : h === c;
};

/** rfc822Name: a full mailbox, a host (every mailbox on it) or ".domain" (mailboxes on subdomains). */
const emailWithin = (name: string, constraint: string): boolean => {
  const at = name.lastIndexOf("@");
  if (at < 1) return false;
  if (constraint.includes("@")) {
    const c = constraint.lastIndexOf("@");
    return name.slice(0, at) === constraint.slice(0, c) && lower(name.slice(at + 1)) === lower(constraint.slice(c + 1));
  }
  return hostWithin(name.slice(at + 1), constraint);
};

/** The host of a URI (RFC 3986 authority, without user info and port), or undefined when it has none. */
const uriHost = (uri: string): string | undefined => {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  return match?.[1] ? match[1] : undefined;
};

const ipWithin = (name: Uint8Array, constraint: Uint8Array): boolean => {
  if (constraint.length !== name.length * 2) return false;
  for (let i = 0; i < name.length; i++) {
    const mask = constraint[name.length + i]!;
    if ((name[i]! & mask) !== (constraint[i]! & mask)) return false;
  }
  return true;
};

/** directoryName: the constraint's RDNs are the first RDNs of the name. */
const dnWithin = (name: readonly (readonly NameAttribute[])[], constraint: readonly (readonly NameAttribute[])[]): boolean =>
  constraint.length <= name.length &&
  constraint.every(
    (rdn, i) =>
      rdn.length === name[i]!.length &&
      rdn.every((attribute) =>
        name[i]!.some((other) => other.oid === attribute.oid && normalize(other.value) === normalize(attribute.value)),
      ),
  );

const within = (name: GeneralName, base: GeneralName): boolean => {
  switch (name.form) {
    case 1:
      return emailWithin(name.text!, base.text!);
    case 2:
      return dnsWithin(name.text!, base.text!);
    case 4:
      return dnWithin(name.rdns!, base.rdns!);
    case 6: {
      const host = uriHost(name.text!);
      return host !== undefined && hostWithin(host, base.text!);
    }
    case 7:
      return ipWithin(name.bytes!, base.bytes!);
    default:
      return false;
  }
};

const describeName = (name: GeneralName): string =>
  name.form === 4
    ? `directoryName "${name.rdns!.map((rdn) => rdn.map((a) => `${a.shortName ?? a.oid}=${a.value}`).join("+")).join(",")}"`
    : name.form === 7
      ? `iPAddress ${Array.from(name.bytes!).join(".")}`
      : `${FORMS[name.form] ?? `GeneralName [${name.form}]`} "${name.text ?? ""}"`;

/**
 * Why `info`'s names violate `constraints` (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)), if they do. For each
 * form the constraints mention: a name of that form must lie in one of the permitted subtrees of
 * the form (when there are any) and in none of the excluded ones. directoryName checks the subject
 * (and SAN directory names), rfc822Name the SAN mailboxes and the subject's emailAddress, dNSName
 * and URI (by host) and iPAddress the SAN entries. Constraints on forms the emulator does not check
 * (otherName, x400Address, ediPartyName, registeredID) fail a certificate that has such a name.
 * @internal
 */
export function nameConstraintsProblem(info: CertificateInfo, constraints: NameConstraints): string | undefined {
  for (const name of namesOf(info)) {
    const permitted = constraints.permitted.filter((base) => base.form === name.form);
    const excluded = constraints.excluded.filter((base) => base.form === name.form);
    if (permitted.length + excluded.length === 0) continue;
    if (!CHECKED_FORMS.has(name.form))
      return `its ${FORMS[name.form] ?? "unknown"} name cannot be checked against the ${FORMS[name.form] ?? "unknown"} constraints`;
    if (permitted.length > 0 && !permitted.some((base) => within(name, base)))
      return `its ${describeName(name)} is outside the permitted subtrees`;
    const hit = excluded.find((base) => within(name, base));
    if (hit) return `its ${describeName(name)} is inside the excluded subtree ${describeName(hit)}`;
  }
  return undefined;
}
