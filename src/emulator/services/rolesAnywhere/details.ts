import type { EmulatorAttributeMapping } from "../../types";
import type { CrlRecord, ProfileRecord, SubjectRecord, TrustAnchorRecord } from "../../state/records";

/** The default mapping of each certificate field (what AWS reports for a new profile). @internal */
export const DEFAULT_MAPPINGS: Readonly<Record<EmulatorAttributeMapping["certificateField"], readonly string[]>> = {
  x509Subject: ["*"],
  x509Issuer: ["*"],
  x509SAN: ["DNS", "URI", "Name/*"],
};

/** `TrustAnchorDetail`. @internal */
export const trustAnchorDetail = (a: TrustAnchorRecord) => ({
  trustAnchorId: a.id,
  trustAnchorArn: a.arn,
  name: a.name,
  source: { sourceType: a.source.sourceType, sourceData: { ...a.source.sourceData } },
  enabled: a.enabled,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  notificationSettings: a.notificationSettings.map((s) => ({ ...s })),
});

/** The mappings in effect for a profile: custom ones, and the default for fields without one. @internal */
export function effectiveMappings(p: ProfileRecord): EmulatorAttributeMapping[] {
  return (Object.keys(DEFAULT_MAPPINGS) as EmulatorAttributeMapping["certificateField"][]).map((field) => {
    const custom = p.attributeMappings.find((m) => m.certificateField === field);
    return {
      certificateField: field,
      mappingRules: custom ? custom.mappingRules.map((r) => ({ ...r })) : DEFAULT_MAPPINGS[field].map((specifier) => ({ specifier })),
    };
  });
}

/** `ProfileDetail`. @internal */
export const profileDetail = (p: ProfileRecord) => ({
  profileId: p.id,
  profileArn: p.arn,
  name: p.name,
  requireInstanceProperties: p.requireInstanceProperties,
  enabled: p.enabled,
  createdBy: p.createdBy,
  ...(p.sessionPolicy === undefined ? {} : { sessionPolicy: p.sessionPolicy }),
  roleArns: [...p.roleArns],
  managedPolicyArns: [...p.managedPolicyArns],
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  durationSeconds: p.durationSeconds,
  acceptRoleSessionName: p.acceptRoleSessionName,
  attributeMappings: effectiveMappings(p),
});

/** `CrlDetail`. @internal */
export const crlDetail = (c: CrlRecord) => ({
  crlId: c.id,
  crlArn: c.arn,
  name: c.name,
  enabled: c.enabled,
  crlData: c.der,
  trustAnchorArn: c.trustAnchorArn,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/** `SubjectSummary`. @internal */
export const subjectSummary = (s: SubjectRecord) => ({
  subjectArn: s.arn,
  subjectId: s.id,
  enabled: s.enabled,
  x509Subject: s.x509Subject,
  lastSeenAt: s.lastSeenAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** `SubjectDetail`. @internal */
export const subjectDetail = (s: SubjectRecord) => ({
  ...subjectSummary(s),
  credentials: s.credentials.map((c) => ({ ...c })),
  instanceProperties: [],
});
