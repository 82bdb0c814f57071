import { mayHaveIssued } from "../../certificate/chainLinks";
import { bytesEqual } from "../../encoding/der";
import { untrusted } from "../http/serviceError";
import { caProblem, leafProblem } from "./certificateChecks";
import type { LoadedCertificate } from "./loadCertificate";
import { MlDsaChecks, isMlDsaOid } from "./mlDsaChecks";

/** Most intermediates a path may hold: the chain header carries at most 5 certificates. @internal */
export const MAX_INTERMEDIATES = 5;

/**
 * True when `issuer` issued `child`: names/key ids match and the signature verifies with its key.
 * An ML-DSA issuer key never reaches node:crypto (Node 20 cannot load it): the names and key ids
 * are compared here, the signature algorithm must be the issuer's ML-DSA parameter set, and the
 * signature is checked through `mlDsa`. A certificate signed with ML-DSA by a non-ML-DSA key fails.
 */
function issued(issuer: LoadedCertificate, child: LoadedCertificate, mlDsa: MlDsaChecks): boolean {
  const key = issuer.info.publicKey;
  if (key.type === "ML-DSA") {
    return (
      mayHaveIssued(issuer.info, child.info) &&
      child.info.signatureAlgorithmOid === key.oid &&
      mlDsa.verify(issuer.info, child.info.tbsCertificate, child.info.signatureValue) === true
    );
  }
  if (isMlDsaOid(child.info.signatureAlgorithmOid)) return false;
  try {
    return child.x509.checkIssued(issuer.x509) && child.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

const same = (a: LoadedCertificate, b: LoadedCertificate) => bytesEqual(a.der, b.der);

/**
 * Builds and validates a certification path from `leaf` to one of `anchors` using the
 * unordered `pool` (the `X-Amz-X509-Chain` certificates; it may contain the leaf itself and the
 * root, in any order). Tries every candidate path depth-first and returns the first that passes
 * every check: signatures, validity at `now`, leaf rules, CA + keyCertSign, pathLen and
 * signature strength. Returns the path leaf-first, anchor last. Signatures by ML-DSA keys are
 * checked through `mlDsa` (an unanswered check counts as a failure on this pass; see
 * {@link MlDsaChecks}); without it they always fail.
 *
 * @throws ServiceError 403 `Untrusted signing certificate` (its `reason` says what failed).
 * @internal
 */
export function buildCertificationPath(
  leaf: LoadedCertificate,
  pool: readonly LoadedCertificate[],
  anchors: readonly LoadedCertificate[],
  now: Date,
  mlDsa: MlDsaChecks = new MlDsaChecks(),
): LoadedCertificate[] {
  const leafIssue = leafProblem(leaf, now);
  if (leafIssue) throw untrusted(leafIssue);
  const candidates = pool.filter((c) => !same(c, leaf));
  let lastProblem: string | undefined;

  const validate = (path: LoadedCertificate[]): string | undefined => {
    for (let i = 1; i < path.length; i++) {
      const problem = caProblem(path[i]!, i, i === path.length - 1, now);
      if (problem) return problem;
    }
    return undefined;
  };

  const search = (path: LoadedCertificate[]): LoadedCertificate[] | undefined => {
    const current = path[path.length - 1]!;
    for (const anchor of anchors) {
      if (!issued(anchor, current, mlDsa)) continue;
      // An anchor sent in the chain is the anchor itself, not an intermediate.
      const full = [...path, anchor];
      const problem = validate(full);
      if (!problem) return full;
      lastProblem = problem;
    }
    if (path.length - 1 >= MAX_INTERMEDIATES) return undefined;
    for (const next of candidates) {
      if (path.some((c) => same(c, next)) || anchors.some((a) => same(a, next))) continue;
      if (!issued(next, current, mlDsa)) continue;
      const found = search([...path, next]);
      if (found) return found;
    }
    return undefined;
  };

  const path = search([leaf]);
  if (!path) throw untrusted(lastProblem ?? "no chain of valid signatures leads from the certificate to the trust anchor");
  return path;
}
