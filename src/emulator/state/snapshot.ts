import { RolesAnywhereError } from "../../errors";
import type { EmulatorState } from "./EmulatorState";
import { invalidOption } from "./errors";
import type { CertificateAuthorityRecord, IssuedCertificateRecord } from "./pcaRecords";
import type { SessionRecord, SubjectRecord } from "./records";

/** What a state file says it is. @internal */
export const STATE_FORMAT = "credential-provider-roles-anywhere/emulator-state";
/** The state file version this code writes and reads. @internal */
export const STATE_VERSION = 1;

type Json = Record<string, unknown>;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const unb64 = (text: unknown): Uint8Array => {
  if (typeof text !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new TypeError("not base64");
  return new Uint8Array(Buffer.from(text, "base64"));
};
const date = (value: unknown): Date => {
  const d = new Date(value as string);
  if (typeof value !== "string" || Number.isNaN(d.getTime())) throw new TypeError(`not a time: ${String(value)}`);
  return d;
};
const list = (value: unknown): Json[] => {
  if (!Array.isArray(value)) throw new TypeError("not a list");
  return value as Json[];
};

/**
 * The whole state as plain JSON (binary values base64, times ISO-8601): roles with their
 * policies and tags, trust anchors with certificates and CRLs, profiles, subjects, private CAs
 * with their keys and issued certificates, and issued sessions.
 * @internal
 */
export function toSnapshot(state: EmulatorState): Json {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    accountId: state.accountId,
    region: state.region,
    roles: [...state.roles.values()].map((r) => ({
      name: r.name,
      path: r.path,
      roleId: r.roleId,
      trustPolicyText: r.trustPolicyText,
      maxSessionDuration: r.maxSessionDuration,
      description: r.description,
      createDate: r.createDate.toISOString(),
      tags: r.tags,
      inlinePolicies: r.inlinePolicies,
      attachedPolicies: r.attachedPolicies,
      permissionsBoundary: r.permissionsBoundary,
    })),
    trustAnchors: [...state.trustAnchors.values()].map((a) => ({
      id: a.id,
      name: a.name,
      enabled: a.enabled,
      certificates: a.certificates.map((c) => b64(c.der)),
      source: a.source,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      tags: a.tags,
      notificationSettings: a.notificationSettings,
      crls: a.crls.map((c) => ({
        id: c.id,
        name: c.name,
        enabled: c.enabled,
        der: b64(c.der),
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
        tags: c.tags,
      })),
    })),
    profiles: [...state.profiles.values()].map((p) => ({
      ...p,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    })),
    subjects: [...state.subjects.values()].map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      credentials: s.credentials.map((c) => ({ ...c, seenAt: c.seenAt.toISOString() })),
    })),
    certificateAuthorities: [...state.certificateAuthorities.values()].map((ca) => ({
      ...ca,
      privateKeyPkcs8: b64(ca.privateKeyPkcs8),
      csrDer: b64(ca.csrDer),
      certificateDer: ca.certificateDer ? b64(ca.certificateDer) : undefined,
      chainDer: ca.chainDer.map(b64),
      createdAt: ca.createdAt.toISOString(),
      lastStateChangeAt: ca.lastStateChangeAt.toISOString(),
      restorableUntil: ca.restorableUntil?.toISOString(),
      issued: [...ca.issued.values()].map((i) => ({
        ...i,
        der: b64(i.der),
        issuedAt: i.issuedAt.toISOString(),
        revokedAt: i.revokedAt?.toISOString(),
      })),
    })),
    sessions: [...state.sessions.values()].map((s) => ({ ...s, expiration: s.expiration.toISOString() })),
  };
}

/**
 * Fills a fresh state from a snapshot, checking everything as the options are checked
 * (certificates parse, trust policies are valid, …).
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` naming what is wrong (the caller adds the file name).
 * @internal
 */
export function restoreSnapshot(state: EmulatorState, snapshot: unknown): void {
  if (typeof snapshot !== "object" || snapshot === null || (snapshot as Json)["format"] !== STATE_FORMAT) {
    throw invalidOption(`it is not an emulator state file ("format" is not "${STATE_FORMAT}")`);
  }
  const s = snapshot as Json;
  if (s["version"] !== STATE_VERSION) {
    throw invalidOption(
      `its version ${JSON.stringify(s["version"])} is not one this emulator reads (${STATE_VERSION}); use a matching package version or start without it`,
    );
  }
  if (s["accountId"] !== state.accountId || s["region"] !== state.region) {
    throw invalidOption(`it is for account ${String(s["accountId"])} in ${String(s["region"])}, not ${state.accountId} in ${state.region}`);
  }
  try {
    restoreRecords(state, s);
  } catch (error) {
    if (error instanceof RolesAnywhereError) throw error;
    throw invalidOption(`it is damaged (${error instanceof Error ? error.message : String(error)})`, error);
  }
}

function restoreRecords(state: EmulatorState, s: Json): void {
  for (const r of list(s["roles"])) {
    const role = state.addRole({
      name: r["name"] as string,
      path: r["path"] as string,
      roleId: r["roleId"] as string,
      trustPolicy: r["trustPolicyText"] as string,
      maxSessionDuration: r["maxSessionDuration"] as number,
      ...(typeof r["description"] === "string" ? { description: r["description"] } : {}),
    });
    Object.assign(role, {
      createDate: date(r["createDate"]),
      tags: list(r["tags"]),
      inlinePolicies: { ...(r["inlinePolicies"] as object) },
      attachedPolicies: list(r["attachedPolicies"]),
      ...(typeof r["permissionsBoundary"] === "string" ? { permissionsBoundary: r["permissionsBoundary"] } : {}),
    });
  }
  for (const a of list(s["trustAnchors"])) {
    const anchor = state.addTrustAnchor({
      id: a["id"] as string,
      name: a["name"] as string,
      enabled: a["enabled"] as boolean,
      certificates: list(a["certificates"]).map(unb64),
      source: a["source"] as never,
    });
    Object.assign(anchor, {
      createdAt: date(a["createdAt"]),
      updatedAt: date(a["updatedAt"]),
      tags: list(a["tags"]),
      notificationSettings: list(a["notificationSettings"]),
    });
    for (const c of list(a["crls"])) {
      const crl = state.importCrl(anchor.id, {
        id: c["id"] as string,
        name: c["name"] as string,
        enabled: c["enabled"] as boolean,
        crl: unb64(c["der"]),
      });
      Object.assign(crl, { createdAt: date(c["createdAt"]), updatedAt: date(c["updatedAt"]), tags: list(c["tags"]) });
    }
  }
  for (const p of list(s["profiles"])) {
    const profile = state.addProfile({
      id: p["id"] as string,
      name: p["name"] as string,
      roleArns: p["roleArns"] as string[],
      durationSeconds: p["durationSeconds"] as number,
      acceptRoleSessionName: p["acceptRoleSessionName"] as boolean,
      enabled: p["enabled"] as boolean,
      attributeMappings: p["attributeMappings"] as never,
      ...(typeof p["sessionPolicy"] === "string" ? { sessionPolicy: p["sessionPolicy"] } : {}),
      managedPolicyArns: p["managedPolicyArns"] as string[],
      requireInstanceProperties: p["requireInstanceProperties"] as boolean,
      createdBy: p["createdBy"] as string,
    });
    Object.assign(profile, { createdAt: date(p["createdAt"]), updatedAt: date(p["updatedAt"]), tags: list(p["tags"]) });
  }
  for (const j of list(s["subjects"])) {
    const subject: SubjectRecord = {
      id: j["id"] as string,
      arn: j["arn"] as string,
      x509Subject: j["x509Subject"] as string,
      enabled: j["enabled"] as boolean,
      createdAt: date(j["createdAt"]),
      updatedAt: date(j["updatedAt"]),
      lastSeenAt: date(j["lastSeenAt"]),
      credentials: list(j["credentials"]).map((c) => ({
        ...(c as never as SubjectRecord["credentials"][number]),
        seenAt: date(c["seenAt"]),
      })),
    };
    state.subjects.set(subject.id, subject);
  }
  for (const c of list(s["certificateAuthorities"])) {
    const issued = new Map<string, IssuedCertificateRecord>();
    for (const i of list(c["issued"])) {
      issued.set(i["serialHex"] as string, {
        arn: i["arn"] as string,
        serialHex: i["serialHex"] as string,
        der: unb64(i["der"]),
        issuedAt: date(i["issuedAt"]),
        ...(i["revokedAt"] === undefined ? {} : { revokedAt: date(i["revokedAt"]), revocationReason: i["revocationReason"] as string }),
      });
    }
    const ca: CertificateAuthorityRecord = {
      ...(c as never as CertificateAuthorityRecord),
      privateKeyPkcs8: unb64(c["privateKeyPkcs8"]),
      csrDer: unb64(c["csrDer"]),
      ...(c["certificateDer"] === undefined ? {} : { certificateDer: unb64(c["certificateDer"]) }),
      chainDer: list(c["chainDer"]).map(unb64),
      createdAt: date(c["createdAt"]),
      lastStateChangeAt: date(c["lastStateChangeAt"]),
      ...(c["restorableUntil"] === undefined ? {} : { restorableUntil: date(c["restorableUntil"]) }),
      issued,
    };
    if (typeof ca.arn !== "string" || !/:certificate-authority\//.test(ca.arn)) throw new TypeError("a certificate authority has no ARN");
    state.certificateAuthorities.set(ca.arn, ca);
  }
  for (const x of list(s["sessions"])) {
    const session = { ...(x as never as SessionRecord), expiration: date(x["expiration"]) };
    if (typeof session.accessKeyId !== "string" || typeof session.secretAccessKey !== "string")
      throw new TypeError("a session has no keys");
    state.sessions.set(session.accessKeyId, session);
  }
}
