import { partitionOf, rolesAnywhereArn, roleArn as buildRoleArn, type Location } from "../arns";
import { newResourceId, newRoleId } from "../ids";
import { crlSignatureScheme } from "../pki/crlSignatureScheme";
import { derBlocks, loadCertificate, type LoadedCertificate } from "../pki/loadCertificate";
import { parseCrl } from "../pki/parseCrl";
import type {
  EmulatorAttributeMapping,
  EmulatorCrlInit,
  EmulatorProfileInit,
  EmulatorRoleInit,
  EmulatorTrustAnchorInit,
  PemOrDer,
} from "../types";
import { trustPolicyProblem } from "../policy/validateTrustPolicy";
import { DEFAULT_TRUST_POLICY } from "./defaultTrustPolicy";
import { invalidOption } from "./errors";
import { encodePem } from "../../encoding/pem";
import type { CertificateAuthorityRecord } from "./pcaRecords";
import type {
  CrlRecord,
  NotificationSettingRecord,
  ProfileRecord,
  RoleRecord,
  SessionRecord,
  SubjectRecord,
  TrustAnchorRecord,
} from "./records";

/**
 * The ARNs of everything configured, keyed by id (anchors, profiles) or name (roles).
 * @public
 */
export interface EmulatorArns {
  readonly trustAnchors: Readonly<Record<string, string>>;
  readonly profiles: Readonly<Record<string, string>>;
  readonly roles: Readonly<Record<string, string>>;
}

const ROLE_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** `arn:<partition>:iam::<12 digits>:role<path><name>`, path `/` or `/…/`. */
/** An IAM role ARN. @internal */
export const ROLE_ARN = /^arn:aws(?:-[a-z-]+)?:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;

const checkDuration = (what: string, value: number, min: number, max: number): number => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(`${what} must be an integer from ${min} to ${max} seconds; got ${String(value)}.`);
  }
  return value;
};

const FIELDS = new Set(["x509Subject", "x509Issuer", "x509SAN"]);

function checkMappings(profileId: string, mappings: readonly EmulatorAttributeMapping[]): EmulatorAttributeMapping[] {
  return mappings.map((m) => {
    if (!FIELDS.has(m?.certificateField)) {
      throw invalidOption(`Profile "${profileId}": attributeMappings certificateField must be x509Subject, x509Issuer or x509SAN.`);
    }
    if (!Array.isArray(m.mappingRules) || m.mappingRules.some((r) => typeof r?.specifier !== "string" || r.specifier.length > 60)) {
      throw invalidOption(`Profile "${profileId}": attributeMappings mappingRules must be [{ "specifier": "<at most 60 characters>" }].`);
    }
    return { certificateField: m.certificateField, mappingRules: m.mappingRules.map((r) => ({ specifier: r.specifier })) };
  });
}

/**
 * The notification settings a new trust anchor gets: both expiry events enabled, 45 days ahead,
 * on every channel, configured by the service (as AWS sets them).
 * @internal
 */
export const defaultNotificationSettings = (): NotificationSettingRecord[] =>
  (["CA_CERTIFICATE_EXPIRY", "END_ENTITY_CERTIFICATE_EXPIRY"] as const).map((event) => ({
    enabled: true,
    event,
    threshold: 45,
    channel: "ALL" as const,
    configuredBy: "rolesanywhere.amazonaws.com",
  }));

/** @internal */
export function loadCertificates(input: PemOrDer | readonly PemOrDer[], where: string): LoadedCertificate[] {
  const inputs = (Array.isArray(input) ? input : [input]) as readonly PemOrDer[];
  const ders = inputs.flatMap((item) => derBlocks(item, "CERTIFICATE"));
  if (ders.length === 0) {
    throw invalidOption(`${where}: no certificate found; give PEM text ("-----BEGIN CERTIFICATE-----") or DER bytes.`);
  }
  if (ders.length > 2) {
    throw invalidOption(`${where}: ${ders.length} certificates given; a trust anchor holds at most 2 (AWS quota).`);
  }
  return ders.map((der) => {
    try {
      return loadCertificate(der);
    } catch (error) {
      throw invalidOption(`${where}: a certificate could not be parsed.`, error);
    }
  });
}

/**
 * The DER of exactly one CRL that parses and whose signature algorithm the emulator can verify.
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` saying what is wrong, prefixed with `where`.
 * @internal
 */
export function checkCrl(where: string, crl: PemOrDer, id?: string): Uint8Array {
  const [der, ...extra] = derBlocks(crl, "X509 CRL");
  if (!der || extra.length > 0) throw invalidOption(`${where}: give exactly one CRL, PEM ("-----BEGIN X509 CRL-----") or DER.`);
  const parsed = parseCrl(der);
  if (!parsed)
    throw invalidOption(`${where}: the CRL${id ? ` "${id}"` : ""} is not a valid X.509 CRL (RFC 5280 CertificateList); check the file.`);
  const scheme = crlSignatureScheme(parsed);
  if ("error" in scheme) throw invalidOption(`${where}: the CRL${id ? ` "${id}"` : ""} cannot be verified: ${scheme.error}.`);
  return der;
}

/**
 * How long an expired session stays in `state.sessions` (15 minutes, a choice: long enough for
 * a test to see STS's `ExpiredToken`; AWS itself keeps answering `ExpiredToken`).
 * @public
 */
export const EXPIRED_SESSION_RETENTION_MS = 15 * 60 * 1000;

/**
 * The emulator's mutable model: trust anchors, CRLs, profiles, roles and issued sessions.
 * Exposed as `emulator.state`; change it between requests to test other outcomes
 * (e.g. `state.setTrustAnchorEnabled(id, false)`, `state.importCrl(id, pem)`).
 * @public
 */
export class EmulatorState {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** By trust anchor id. */
  readonly trustAnchors = new Map<string, TrustAnchorRecord>();
  /** By profile id. */
  readonly profiles = new Map<string, ProfileRecord>();
  /** By role name. */
  readonly roles = new Map<string, RoleRecord>();
  /**
   * Issued sessions by access key id. A session is dropped {@link EXPIRED_SESSION_RETENTION_MS}
   * after it expires (checked whenever a new session is issued), so a long-running emulator does
   * not grow without bound; until then STS answers `ExpiredToken` for it, afterwards
   * `InvalidClientTokenId`.
   */
  readonly sessions = new Map<string, SessionRecord>();
  /** Roles Anywhere subjects by subject id, recorded by each successful CreateSession. */
  readonly subjects = new Map<string, SubjectRecord>();
  /** ACM Private CAs by ARN. */
  readonly certificateAuthorities = new Map<string, CertificateAuthorityRecord>();
  /** The clock used for creation and update times. */
  readonly now: () => Date;

  constructor(init: { accountId?: string; region?: string; now?: () => Date } = {}) {
    const accountId = init.accountId ?? "123456789012";
    if (!/^\d{12}$/.test(accountId)) throw invalidOption(`accountId must be 12 digits; got "${accountId}".`);
    const region = init.region ?? "us-east-1";
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw invalidOption(`region "${region}" is not an AWS region name such as us-east-1.`);
    this.accountId = accountId;
    this.region = region;
    this.partition = partitionOf(region);
    this.now = init.now ?? (() => new Date());
  }

  /** Partition, region and account. @internal */
  get location(): Location {
    return { partition: this.partition, region: this.region, accountId: this.accountId };
  }

  /** ARNs of all configured resources. */
  get arns(): EmulatorArns {
    const map = <T extends { arn: string }>(m: Map<string, T>) => Object.fromEntries([...m].map(([key, value]) => [key, value.arn]));
    return { trustAnchors: map(this.trustAnchors), profiles: map(this.profiles), roles: map(this.roles) };
  }

  /** Adds a trust anchor (`CERTIFICATE_BUNDLE`). */
  addTrustAnchor(init: EmulatorTrustAnchorInit): TrustAnchorRecord {
    const id = init.id ?? newResourceId();
    if (this.trustAnchors.has(id)) throw invalidOption(`Trust anchor id "${id}" is used twice.`);
    const certificates = loadCertificates(init.certificates, `Trust anchor "${id}"`);
    const now = this.now();
    const record: TrustAnchorRecord = {
      id,
      arn: rolesAnywhereArn(this.location, "trust-anchor", id),
      name: init.name ?? id,
      enabled: init.enabled ?? true,
      certificates,
      crls: [],
      source: init.source ?? {
        sourceType: "CERTIFICATE_BUNDLE",
        sourceData: { x509CertificateData: certificates.map((c) => encodePem("CERTIFICATE", c.der)).join("") },
      },
      createdAt: now,
      updatedAt: now,
      tags: [],
      notificationSettings: defaultNotificationSettings(),
    };
    this.trustAnchors.set(id, record);
    for (const crl of init.crls ?? []) this.importCrl(id, crl);
    return record;
  }

  /**
   * Imports a CRL into a trust anchor (AWS `ImportCrl`).
   * @throws RolesAnywhereError `ERR_INVALID_OPTION` when the CRL does not parse or is signed with
   * an algorithm the emulator cannot verify (it would otherwise never revoke anything).
   */
  importCrl(trustAnchorId: string, crl: PemOrDer | EmulatorCrlInit): CrlRecord {
    const anchor = this.trustAnchors.get(trustAnchorId);
    if (!anchor) throw invalidOption(`importCrl: no trust anchor with id "${trustAnchorId}".`);
    const init: EmulatorCrlInit = typeof crl === "string" || crl instanceof Uint8Array ? { crl } : crl;
    const der = checkCrl(`Trust anchor "${trustAnchorId}"`, init.crl, init.id);
    const id = init.id ?? newResourceId();
    const now = this.now();
    const record: CrlRecord = {
      id,
      arn: rolesAnywhereArn(this.location, "crl", id),
      name: init.name ?? id,
      enabled: init.enabled ?? true,
      der,
      trustAnchorArn: anchor.arn,
      createdAt: now,
      updatedAt: now,
      tags: [],
    };
    anchor.crls.push(record);
    return record;
  }

  /** Adds a profile. */
  addProfile(init: EmulatorProfileInit): ProfileRecord {
    const id = init.id ?? newResourceId();
    if (this.profiles.has(id)) throw invalidOption(`Profile id "${id}" is used twice.`);
    if (!Array.isArray(init.roleArns)) throw invalidOption(`Profile "${id}": roleArns must be an array of IAM role ARNs.`);
    const notRole = (init.roleArns as unknown[]).find((arn) => typeof arn !== "string" || !ROLE_ARN.test(arn));
    if (notRole !== undefined) {
      throw invalidOption(
        `Profile "${id}": roleArns: ${JSON.stringify(notRole)} is not an IAM role ARN (arn:aws:iam::<account>:role/<path/>name).`,
      );
    }
    const now = this.now();
    const record: ProfileRecord = {
      id,
      arn: rolesAnywhereArn(this.location, "profile", id),
      name: init.name ?? id,
      enabled: init.enabled ?? true,
      roleArns: [...init.roleArns],
      durationSeconds: checkDuration(`Profile "${id}" durationSeconds`, init.durationSeconds ?? 3600, 900, 43200),
      acceptRoleSessionName: init.acceptRoleSessionName ?? false,
      attributeMappings: checkMappings(id, init.attributeMappings ?? []),
      ...(init.sessionPolicy === undefined ? {} : { sessionPolicy: init.sessionPolicy }),
      managedPolicyArns: [...(init.managedPolicyArns ?? [])],
      requireInstanceProperties: init.requireInstanceProperties ?? false,
      createdAt: now,
      updatedAt: now,
      createdBy: init.createdBy ?? `arn:${this.partition}:iam::${this.accountId}:root`,
      tags: [],
    };
    this.profiles.set(id, record);
    return record;
  }

  /** Adds an IAM role (in the emulator's account unless `init.accountId` names another). */
  addRole(init: EmulatorRoleInit): RoleRecord {
    if (!ROLE_NAME.test(init.name ?? "")) throw invalidOption(`Role name "${init.name}" is not a valid IAM role name.`);
    if (this.roles.has(init.name)) throw invalidOption(`Role "${init.name}" is defined twice.`);
    const path = init.path ?? "/";
    if (!ROLE_PATH.test(path)) throw invalidOption(`Role "${init.name}": path "${path}" must start and end with "/".`);
    let trustPolicy: unknown = init.trustPolicy ?? DEFAULT_TRUST_POLICY;
    const trustPolicyText = typeof trustPolicy === "string" ? trustPolicy : JSON.stringify(trustPolicy);
    if (typeof trustPolicy === "string") {
      try {
        trustPolicy = JSON.parse(trustPolicy);
      } catch (error) {
        throw invalidOption(`Role "${init.name}": trustPolicy is not valid JSON.`, error);
      }
    }
    const problem = trustPolicyProblem(trustPolicy);
    if (problem) throw invalidOption(`Role "${init.name}": trustPolicy ${problem}.`);
    const accountId = init.accountId ?? this.accountId;
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) {
      throw invalidOption(`Role "${init.name}": accountId must be 12 digits; got ${JSON.stringify(accountId)}.`);
    }
    const roleId = init.roleId ?? newRoleId();
    const record: RoleRecord = {
      name: init.name,
      path,
      arn: buildRoleArn({ partition: this.partition, accountId }, path, init.name),
      roleId,
      trustPolicy,
      trustPolicyText,
      maxSessionDuration: checkDuration(`Role "${init.name}" maxSessionDuration`, init.maxSessionDuration ?? 3600, 3600, 43200),
      ...(init.description === undefined ? {} : { description: init.description }),
      createDate: this.now(),
      tags: [],
      inlinePolicies: {},
      attachedPolicies: [],
    };
    this.roles.set(init.name, record);
    return record;
  }

  /**
   * Stores a session issued at `now`, first dropping sessions that expired more than
   * {@link EXPIRED_SESSION_RETENTION_MS} before `now`.
   */
  addSession(session: SessionRecord, now: Date): void {
    this.pruneSessions(now);
    this.sessions.set(session.accessKeyId, session);
  }

  /**
   * Drops sessions that expired more than {@link EXPIRED_SESSION_RETENTION_MS} before `now`.
   * @returns how many were dropped.
   */
  pruneSessions(now: Date): number {
    const cutoff = now.getTime() - EXPIRED_SESSION_RETENTION_MS;
    let dropped = 0;
    for (const [id, session] of this.sessions) {
      if (session.expiration.getTime() <= cutoff) {
        this.sessions.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  /** Enables or disables a trust anchor (AWS `EnableTrustAnchor` / `DisableTrustAnchor`). */
  setTrustAnchorEnabled(id: string, enabled: boolean): void {
    this.require(this.trustAnchors.get(id), "trust anchor", id).enabled = enabled;
  }

  /** Enables or disables a profile (AWS `EnableProfile` / `DisableProfile`). */
  setProfileEnabled(id: string, enabled: boolean): void {
    this.require(this.profiles.get(id), "profile", id).enabled = enabled;
  }

  /** Enables or disables a CRL (AWS `EnableCrl` / `DisableCrl`), found by id across anchors. */
  setCrlEnabled(crlId: string, enabled: boolean): void {
    const crl = [...this.trustAnchors.values()].flatMap((a) => a.crls).find((c) => c.id === crlId);
    this.require(crl, "CRL", crlId).enabled = enabled;
  }

  /** The trust anchor an ARN names, if it is in this account and region. */
  findTrustAnchor(arn: string): TrustAnchorRecord | undefined {
    return [...this.trustAnchors.values()].find((a) => a.arn === arn);
  }

  /** The profile an ARN names, if it is in this account and region. */
  findProfile(arn: string): ProfileRecord | undefined {
    return [...this.profiles.values()].find((p) => p.arn === arn);
  }

  /** The role an ARN names (path included), in whichever account it was added to. */
  findRole(arn: string): RoleRecord | undefined {
    return [...this.roles.values()].find((r) => r.arn === arn);
  }

  private require<T>(value: T | undefined, what: string, id: string): T {
    if (value === undefined) throw invalidOption(`No ${what} with id "${id}".`);
    return value;
  }
}
