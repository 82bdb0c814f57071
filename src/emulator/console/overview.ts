import { formatName } from "../../certificate/name";
import { summarizeCertificate } from "../createSession/sessionTrace";
import { loadCertificate } from "../pki/loadCertificate";
import { parseCrl } from "../pki/parseCrl";
import { evenHex } from "../../sessionTags/sourceIdentity";
import { effectiveMappings } from "../services/rolesAnywhere/details";
import type { EmulatorState } from "../state/EmulatorState";
import type { CrlRecord, TrustAnchorRecord } from "../state/records";
import type { CertificateAuthorityView, CrlView, Overview, ProfileView, RoleView, TrustAnchorView } from "./apiTypes";

const iso = (d: Date): string => d.toISOString();

const roleView = (state: EmulatorState): RoleView[] =>
  [...state.roles.values()].map((r) => ({
    name: r.name,
    arn: r.arn,
    roleId: r.roleId,
    path: r.path,
    ...(r.description === undefined ? {} : { description: r.description }),
    maxSessionDuration: r.maxSessionDuration,
    createDate: iso(r.createDate),
    trustPolicy: r.trustPolicyText,
  }));

const trustAnchorView = (a: TrustAnchorRecord): TrustAnchorView => ({
  trustAnchorId: a.id,
  trustAnchorArn: a.arn,
  name: a.name,
  enabled: a.enabled,
  sourceType: a.source.sourceType,
  ...(a.source.sourceData.acmPcaArn === undefined ? {} : { acmPcaArn: a.source.sourceData.acmPcaArn }),
  certificates: a.certificates.map((c) => summarizeCertificate(c.info)),
  crlCount: a.crls.length,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

const profileView = (state: EmulatorState): ProfileView[] =>
  [...state.profiles.values()].map((p) => ({
    profileId: p.id,
    profileArn: p.arn,
    name: p.name,
    enabled: p.enabled,
    roleArns: [...p.roleArns],
    durationSeconds: p.durationSeconds,
    acceptRoleSessionName: p.acceptRoleSessionName,
    attributeMappings: effectiveMappings(p).map((m) => ({
      certificateField: m.certificateField,
      specifiers: m.mappingRules.map((r) => r.specifier),
    })),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  }));

/** Certificates the emulator knows by "issuer name + serial": those subjects used, and those private CAs issued. */
function knownCertificates(state: EmulatorState): Map<string, Set<string>> {
  const known = new Map<string, Set<string>>();
  const add = (issuer: string, serial: bigint, subject: string) => {
    const key = `${issuer}#${serial}`;
    known.set(key, (known.get(key) ?? new Set()).add(subject));
  };
  for (const subject of state.subjects.values()) {
    for (const c of subject.credentials) add(c.issuer, BigInt(c.serialNumber), subject.x509Subject);
  }
  for (const ca of state.certificateAuthorities.values()) {
    for (const issued of ca.issued.values()) {
      try {
        const info = loadCertificate(issued.der).info;
        add(formatName(info.issuer), info.serialNumber, formatName(info.subject));
      } catch {
        // Not a certificate the emulator can parse: nothing to name.
      }
    }
  }
  return known;
}

function crlView(anchor: TrustAnchorRecord, crl: CrlRecord, known: Map<string, Set<string>>): CrlView {
  const parsed = parseCrl(crl.der);
  const issuer = parsed ? formatName(parsed.issuer) : undefined;
  const revoked = [...(parsed?.revokedSerials ?? [])].map((serial) => ({
    serialHex: evenHex(serial).toUpperCase(), // openssl's form, as everywhere else
    serialDecimal: serial.toString(10),
    knownSubjects: [...(known.get(`${issuer}#${serial}`) ?? [])],
  }));
  return {
    crlId: crl.id,
    crlArn: crl.arn,
    name: crl.name,
    enabled: crl.enabled,
    trustAnchorArn: anchor.arn,
    trustAnchorName: anchor.name,
    ...(issuer === undefined ? {} : { issuer }),
    signedByAnchor: anchor.certificates.some((c) => formatName(c.info.subject) === issuer),
    revoked,
    createdAt: iso(crl.createdAt),
    updatedAt: iso(crl.updatedAt),
  };
}

const certificateAuthorityViews = (state: EmulatorState): CertificateAuthorityView[] =>
  [...state.certificateAuthorities.values()].map((ca) => {
    let subject: string | undefined;
    try {
      subject = ca.certificateDer ? formatName(loadCertificate(ca.certificateDer).info.subject) : undefined;
    } catch {
      subject = undefined;
    }
    return { arn: ca.arn, status: ca.status, type: ca.type, ...(subject === undefined ? {} : { subject }) };
  });

/**
 * Everything the console's pages list, read from the emulator's one state: roles with their
 * trust policies, trust anchors with their CA certificates (subject, expiry), profiles with the
 * mappings in effect, CRLs with what they revoke, and private CAs. Pure over the state.
 * @internal
 */
export function overviewOf(state: EmulatorState, url: string): Overview {
  const known = knownCertificates(state);
  const anchors = [...state.trustAnchors.values()];
  return {
    accountId: state.accountId,
    region: state.region,
    url,
    roles: roleView(state),
    trustAnchors: anchors.map(trustAnchorView),
    profiles: profileView(state),
    crls: anchors.flatMap((a) => a.crls.map((c) => crlView(a, c, known))),
    certificateAuthorities: certificateAuthorityViews(state),
  };
}
