import { newResourceId } from "../../ids";
import { generateCaKey, SUPPORTED_KEY_ALGORITHMS, signingFitsKey } from "../../pki/caKeys";
import { buildCsr } from "../../pki/csr";
import { nameFromSubject } from "../../pki/distinguishedName";
import type { CertificateAuthorityRecord, PcaKeyAlgorithm, PcaSigningAlgorithm } from "../../state/pcaRecords";
import { bytesEqual } from "../../../encoding/der";
import { encodePem } from "../../../encoding/pem";
import type { ServiceContext } from "../context";
import { fault } from "../fault";
import { pageOf } from "../pagination";
import { caKeyOf, certificatesFromBlob } from "./caMaterial";
import { certificateAuthorityView } from "./caView";
import { certificateAuthorityByArn } from "./lookup";

type Input = Record<string, unknown>;
type Tag = { Key: string; Value?: string };

/** CreateCertificateAuthority: generates the key and CSR now; the CA waits for its certificate (`PENDING_CERTIFICATE`). @internal */
export function createCertificateAuthority(ctx: ServiceContext, input: Input) {
  const config = input["CertificateAuthorityConfiguration"] as {
    KeyAlgorithm: string;
    SigningAlgorithm: string;
    Subject: Record<string, string>;
  };
  const keyAlgorithm = config.KeyAlgorithm as PcaKeyAlgorithm;
  const signingAlgorithm = config.SigningAlgorithm as PcaSigningAlgorithm;
  if (!SUPPORTED_KEY_ALGORITHMS.includes(keyAlgorithm)) {
    throw fault(
      "InvalidArgsException",
      `The emulator does not support KeyAlgorithm ${keyAlgorithm} (${SUPPORTED_KEY_ALGORITHMS.join(", ")}).`,
    );
  }
  if (!signingFitsKey(signingAlgorithm, keyAlgorithm)) {
    throw fault("InvalidArgsException", `SigningAlgorithm ${signingAlgorithm} does not match KeyAlgorithm ${keyAlgorithm}.`);
  }
  const subject = Object.fromEntries(Object.entries(config.Subject ?? {}).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  if (Object.keys(subject).length === 0)
    throw fault("InvalidArgsException", "The certificate authority subject must have at least one attribute.");
  const tags = (input["Tags"] as Tag[] | undefined) ?? [];
  const key = generateCaKey(keyAlgorithm);
  const id = newResourceId();
  const { state } = ctx;
  const record: CertificateAuthorityRecord = {
    arn: `arn:${state.partition}:acm-pca:${state.region}:${state.accountId}:certificate-authority/${id}`,
    id,
    type: input["CertificateAuthorityType"] as "ROOT" | "SUBORDINATE",
    status: "PENDING_CERTIFICATE",
    keyAlgorithm,
    signingAlgorithm,
    subject,
    privateKeyPkcs8: key.pkcs8,
    csrDer: buildCsr(nameFromSubject(subject), key, signingAlgorithm),
    chainDer: [],
    createdAt: ctx.now,
    lastStateChangeAt: ctx.now,
    ...(input["RevocationConfiguration"] === undefined ? {} : { revocationConfiguration: input["RevocationConfiguration"] }),
    usageMode: (input["UsageMode"] as CertificateAuthorityRecord["usageMode"] | undefined) ?? "GENERAL_PURPOSE",
    keyStorageSecurityStandard: (input["KeyStorageSecurityStandard"] as string | undefined) ?? "FIPS_140_2_LEVEL_3_OR_HIGHER",
    tags: tags.map((t) => ({ ...t })),
    issued: new Map(),
  };
  state.certificateAuthorities.set(record.arn, record);
  return { CertificateAuthorityArn: record.arn };
}

/** DescribeCertificateAuthority. @internal */
export const describeCertificateAuthority = (ctx: ServiceContext, input: Input) => ({
  CertificateAuthority: certificateAuthorityView(
    ctx.state,
    certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string),
  ),
});

/** ListCertificateAuthorities. @internal */
export function listCertificateAuthorities(ctx: ServiceContext, input: Input) {
  const page = pageOf(
    [...ctx.state.certificateAuthorities.values()],
    input["NextToken"] as string | undefined,
    (input["MaxResults"] as number | undefined) ?? 100,
    "InvalidNextTokenException",
  );
  return {
    CertificateAuthorities: page.items.map((ca) => certificateAuthorityView(ctx.state, ca)),
    ...(page.next ? { NextToken: page.next } : {}),
  };
}

/** GetCertificateAuthorityCsr (PEM). @internal */
export function getCertificateAuthorityCsr(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (ca.status === "DELETED") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is DELETED.`);
  return { Csr: encodePem("CERTIFICATE REQUEST", ca.csrDer) };
}

/**
 * ImportCertificateAuthorityCertificate: the certificate must hold the CA's own key
 * (`CertificateMismatchException`); a root's must be self-signed, a subordinate's must come with
 * the chain that issued it. The CA becomes `ACTIVE`.
 * @internal
 */
export function importCertificateAuthorityCertificate(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (ca.status === "DELETED") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is DELETED.`);
  const [certificate, ...extra] = certificatesFromBlob(input["Certificate"] as Uint8Array);
  if (!certificate || extra.length > 0) throw fault("MalformedCertificateException", "Certificate must hold exactly one PEM certificate.");
  const chain = input["CertificateChain"] === undefined ? [] : certificatesFromBlob(input["CertificateChain"] as Uint8Array);
  if (!bytesEqual(certificate.info.publicKey.spki, caKeyOf(ca).spki)) {
    throw fault("CertificateMismatchException", "The certificate does not match the certificate authority's key.");
  }
  if (!certificate.info.basicConstraints?.ca) throw fault("MalformedCertificateException", "The certificate is not a CA certificate.");
  if (ca.type === "ROOT") {
    if (!certificate.x509.checkIssued(certificate.x509) || !certificate.x509.verify(certificate.x509.publicKey)) {
      throw fault("InvalidRequestException", "A root CA's certificate must be self-signed.");
    }
  } else {
    const issuer = chain[0];
    if (!issuer) throw fault("InvalidRequestException", "A subordinate CA's certificate needs its CertificateChain.");
    if (!certificate.x509.checkIssued(issuer.x509) || !certificate.x509.verify(issuer.x509.publicKey)) {
      throw fault("InvalidRequestException", "The certificate was not issued by the first certificate of the chain.");
    }
  }
  ca.certificateDer = certificate.der;
  ca.chainDer = chain.map((c) => c.der);
  ca.status = "ACTIVE";
  ca.lastStateChangeAt = ctx.now;
  return {};
}

/** GetCertificateAuthorityCertificate. @internal */
export function getCertificateAuthorityCertificate(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (!ca.certificateDer)
    throw fault("InvalidStateException", `The certificate authority ${ca.arn} has no certificate yet (${ca.status}).`);
  return {
    Certificate: encodePem("CERTIFICATE", ca.certificateDer),
    ...(ca.chainDer.length > 0 ? { CertificateChain: ca.chainDer.map((d) => encodePem("CERTIFICATE", d)).join("") } : {}),
  };
}

/** UpdateCertificateAuthority: `Status` ACTIVE/DISABLED (a CA with a certificate only) and the stored revocation configuration. @internal */
export function updateCertificateAuthority(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const status = input["Status"] as string | undefined;
  if (ca.status === "DELETED") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is DELETED.`);
  if (status !== undefined && status !== "ACTIVE" && status !== "DISABLED")
    throw fault("InvalidArgsException", `Status ${status} cannot be set; use ACTIVE or DISABLED.`);
  if (status !== undefined && !ca.certificateDer)
    throw fault("InvalidStateException", `The certificate authority ${ca.arn} has no certificate yet.`);
  if (input["RevocationConfiguration"] !== undefined) ca.revocationConfiguration = input["RevocationConfiguration"];
  if (status !== undefined && status !== ca.status) {
    ca.status = status;
    ca.lastStateChangeAt = ctx.now;
  }
  return {};
}

/**
 * DeleteCertificateAuthority: an `ACTIVE` CA must be disabled first (`InvalidStateException`);
 * the CA is `DELETED` and restorable for `PermanentDeletionTimeInDays` (default 30).
 * @internal
 */
export function deleteCertificateAuthority(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (ca.status === "ACTIVE") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is ACTIVE; disable it first.`);
  if (ca.status === "DELETED") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is already DELETED.`);
  const days = (input["PermanentDeletionTimeInDays"] as number | undefined) ?? 30;
  ca.statusBeforeDelete = ca.status;
  ca.status = "DELETED";
  ca.restorableUntil = new Date(ctx.now.getTime() + days * 86_400_000);
  ca.lastStateChangeAt = ctx.now;
  return {};
}

/** RestoreCertificateAuthority: a `DELETED` CA goes back to its status before (an `ACTIVE` one comes back `DISABLED`). @internal */
export function restoreCertificateAuthority(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  if (ca.status !== "DELETED") throw fault("InvalidStateException", `The certificate authority ${ca.arn} is not DELETED.`);
  ca.status = ca.statusBeforeDelete === "PENDING_CERTIFICATE" ? "PENDING_CERTIFICATE" : "DISABLED";
  delete ca.restorableUntil;
  delete ca.statusBeforeDelete;
  ca.lastStateChangeAt = ctx.now;
  return {};
}

/** TagCertificateAuthority. @internal */
export function tagCertificateAuthority(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const next = ca.tags.map((t) => ({ ...t }));
  for (const tag of input["Tags"] as Tag[]) {
    const found = next.find((t) => t.Key === tag.Key);
    if (found) found.Value = tag.Value;
    else next.push({ ...tag });
  }
  if (next.length > 50) throw fault("TooManyTagsException", "A certificate authority can have at most 50 tags.");
  ca.tags = next;
  return {};
}

/** UntagCertificateAuthority. @internal */
export function untagCertificateAuthority(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const keys = new Set((input["Tags"] as Tag[]).map((t) => t.Key));
  ca.tags = ca.tags.filter((t) => !keys.has(t.Key));
  return {};
}

/** ListTags. @internal */
export function listTags(ctx: ServiceContext, input: Input) {
  const ca = certificateAuthorityByArn(ctx.state, input["CertificateAuthorityArn"] as string);
  const page = pageOf(
    ca.tags,
    input["NextToken"] as string | undefined,
    (input["MaxResults"] as number | undefined) ?? 50,
    "InvalidNextTokenException",
  );
  return { Tags: page.items.map((t) => ({ ...t })), ...(page.next ? { NextToken: page.next } : {}) };
}
