import { formatName } from "../../../certificate/name";
import { encodePem } from "../../../encoding/pem";
import { rolesAnywhereArn } from "../../arns";
import { subjectIdOf } from "../../createSession/issueSession";
import type { LoadedCertificate } from "../../pki/loadCertificate";
import type { EmulatorState } from "../../state/EmulatorState";
import type { SubjectRecord } from "../../state/records";
import type { ServiceContext } from "../context";
import { pageOf } from "../pagination";
import { subjectDetail, subjectSummary } from "./details";
import { notFound } from "./lookup";
import { pageSizeOf } from "./trustAnchors";

type Input = Record<string, unknown>;

/**
 * Records a successful CreateSession as Roles Anywhere does: one subject per certificate
 * identity (subject and issuer), its `lastSeenAt`, and the certificate among its credentials
 * (a certificate seen again only updates its `seenAt`).
 * @internal
 */
export function recordSubject(state: EmulatorState, leaf: LoadedCertificate, now: Date): SubjectRecord {
  const id = subjectIdOf(leaf);
  let subject = state.subjects.get(id);
  if (!subject) {
    subject = {
      id,
      arn: rolesAnywhereArn(state.location, "subject", id),
      x509Subject: formatName(leaf.info.subject),
      enabled: true,
      createdAt: now,
      updatedAt: now,
      lastSeenAt: now,
      credentials: [],
    };
    state.subjects.set(id, subject);
  }
  subject.lastSeenAt = now;
  subject.updatedAt = now;
  const serialNumber = leaf.info.serialNumber.toString();
  const seen = subject.credentials.find((c) => c.serialNumber === serialNumber);
  if (seen) seen.seenAt = now;
  else {
    subject.credentials.push({
      seenAt: now,
      serialNumber,
      issuer: formatName(leaf.info.issuer),
      enabled: true,
      x509CertificateData: encodePem("CERTIFICATE", leaf.der),
      failed: false,
    });
  }
  return subject;
}

/** ListSubjects. @internal */
export function listSubjects(ctx: ServiceContext, input: Input) {
  const page = pageOf([...ctx.state.subjects.values()], input["nextToken"] as string | undefined, pageSizeOf(input), "ValidationException");
  return { subjects: page.items.map(subjectSummary), ...(page.next ? { nextToken: page.next } : {}) };
}

/** GetSubject. @internal */
export function getSubject(ctx: ServiceContext, input: Input) {
  const id = input["subjectId"] as string;
  const subject = ctx.state.subjects.get(id);
  if (!subject) throw notFound("subject", id);
  return { subject: subjectDetail(subject) };
}
