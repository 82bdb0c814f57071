import type { CertificateInfo } from "../../certificate/certificate";
import { formatName } from "../../certificate/name";
import { isoSeconds } from "../../encoding/isoSeconds";
import type { CertificateSummary, SessionCheck, SessionCheckResult, SessionDecision } from "../types";

type Facts = { -readonly [K in keyof SessionDecision]?: SessionDecision[K] };

/** The console's view of a certificate. @internal */
export const summarizeCertificate = (info: CertificateInfo): CertificateSummary => ({
  subject: formatName(info.subject),
  issuer: formatName(info.issuer),
  serialHex: info.serialHex,
  serialDecimal: info.serialDecimal,
  notBefore: isoSeconds(info.notBefore),
  notAfter: isoSeconds(info.notAfter),
});

/**
 * Records what one `CreateSession` (or a console "try a certificate") finds, check by check:
 * `begin(check)` before a check, `pass(detail)` after it. When a check throws, the check begun
 * last is the one that failed, and {@link SessionTrace.decision} names it with the error's reason.
 * Facts (the certificate, resources, tags, the trust-policy explanation) are added as they are
 * learnt. Holds nothing secret.
 * @internal
 */
export class SessionTrace {
  readonly #checks: SessionCheckResult[] = [];
  readonly #facts: Facts = {};
  #current: SessionCheck | undefined;

  /** Starts `check`: a failure from here on is this check's. */
  begin(check: SessionCheck): void {
    this.#current = check;
  }

  /** The current check passed; `detail` says what it found. */
  pass(detail: string): void {
    if (this.#current === undefined) return;
    this.#checks.push({ check: this.#current, passed: true, detail });
    this.#current = undefined;
  }

  /** Adds facts (the certificate, resource ARNs and names, tags, the policy explanation). */
  note(facts: Facts): void {
    Object.assign(this.#facts, facts);
  }

  /** Notes the request's certificate. */
  certificate(info: CertificateInfo): void {
    this.note({ certificate: summarizeCertificate(info) });
  }

  /**
   * The decision so far: allowed when no `failure` is given, else refused at the check begun
   * last (or `fallback` when none was begun), with the failure's reason as its detail.
   */
  decision(failure?: { readonly reason: string; readonly fallback?: SessionCheck }): SessionDecision {
    const checks = [...this.#checks];
    let failedCheck: SessionCheck | undefined;
    if (failure) {
      failedCheck = this.#current ?? failure.fallback ?? "input";
      checks.push({ check: failedCheck, passed: false, detail: failure.reason });
    }
    return { ...this.#facts, allowed: failure === undefined, checks, ...(failedCheck ? { failedCheck } : {}) };
  }
}
