import { mayHaveIssued } from "../../certificate/chainLinks";
import { bytesEqual } from "../../encoding/der";
import { formatName } from "../../certificate/name";
import { untrusted } from "../http/serviceError";
import { caProblem, leafProblem, pathNameConstraintsProblem } from "./certificateChecks";
import { publicKeyProblem } from "./keyLimits";
import type { LoadedCertificate } from "./loadCertificate";
import { MlDsaChecks, isMlDsaOid } from "./mlDsaChecks";

/** Most intermediates a path may hold: the chain header carries at most 5 certificates. @internal */
export const MAX_INTERMEDIATES = 5;

/**
 * Most signature checks one request may cause while building its path. Each (issuer, subject) pair
 * is checked at most once, so an honest request needs at most (1 + 5) × (5 + anchors) of them;
 * this cap only stops a request that names an unusual number of anchors from costing more.
 * @internal
 */
export const MAX_SIGNATURE_CHECKS = 64;

/** Most candidate paths (search steps) one request may cause. @internal */
export const MAX_SEARCH_STEPS = 2_000;

/** Checks that `issuer` signed `child`; replaceable so tests can count the checks. @internal */
export type IssuerCheck = (issuer: LoadedCertificate, child: LoadedCertificate, mlDsa: MlDsaChecks) => boolean;

/** Options of {@link buildCertificationPath}. @internal */
export interface PathBuildingOptions {
  /** Answers ML-DSA signature checks (see {@link MlDsaChecks}); without it they always fail. */
  readonly mlDsa?: MlDsaChecks;
  /** The signature check (default: names, key ids and the signature, with node:crypto or `mlDsa`). */
  readonly verifyIssued?: IssuerCheck;
}

/**
 * True when `issuer` issued `child`: names/key ids match and the signature verifies with its key.
 * An ML-DSA issuer key never reaches node:crypto (Node 20 cannot load it): the names and key ids
 * are compared here, the signature algorithm must be the issuer's ML-DSA parameter set, and the
 * signature is checked through `mlDsa`. A certificate signed with ML-DSA by a non-ML-DSA key fails.
 * @internal
 */
export const issued: IssuerCheck = (issuer, child, mlDsa) => {
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
};

const same = (a: LoadedCertificate, b: LoadedCertificate) => bytesEqual(a.der, b.der);

/**
 * Builds and validates a certification path from `leaf` to one of `anchors` using the
 * unordered `pool` (the `X-Amz-X509-Chain` certificates; it may contain the leaf itself and the
 * root, in any order). Tries candidate paths depth-first and returns the first that passes
 * every check: signatures, validity at `now`, leaf rules, CA + keyCertSign, pathLen and
 * signature strength. Returns the path leaf-first, anchor last. Signatures by ML-DSA keys are
 * checked through `options.mlDsa` (an unanswered check counts as a failure on this pass; see
 * {@link MlDsaChecks}); without it they always fail.
 *
 * The work is bounded whatever the request holds: duplicate pool certificates are dropped, each
 * (issuer, subject) signature is checked at most once (the answer is remembered for the request),
 * a certificate whose key would make a check expensive is never used as an issuer (see
 * {@link publicKeyProblem}), and the search stops after {@link MAX_SIGNATURE_CHECKS} checks or
 * {@link MAX_SEARCH_STEPS} candidate paths.
 *
 * @throws ServiceError 403 `Untrusted signing certificate` (its `reason` says what failed).
 * @internal
 */
export function buildCertificationPath(
  leaf: LoadedCertificate,
  pool: readonly LoadedCertificate[],
  anchors: readonly LoadedCertificate[],
  now: Date,
  options: PathBuildingOptions = {},
): LoadedCertificate[] {
  const mlDsa = options.mlDsa ?? new MlDsaChecks();
  const verifyIssued = options.verifyIssued ?? issued;
  const leafIssue = leafProblem(leaf, now);
  if (leafIssue) throw untrusted(leafIssue);
  const candidates: LoadedCertificate[] = [];
  for (const c of pool) if (!same(c, leaf) && !candidates.some((seen) => same(seen, c))) candidates.push(c);
  let lastProblem: string | undefined;

  const ids = new Map<LoadedCertificate, number>();
  const idOf = (c: LoadedCertificate): number => {
    let id = ids.get(c);
    if (id === undefined) {
      id = ids.size;
      ids.set(c, id);
    }
    return id;
  };
  const answers = new Map<string, boolean>();
  let checks = 0;
  let steps = 0;
  const gaveUp = (what: string): never => {
    throw untrusted(`path building gave up after ${what}; send only the intermediates between the certificate and the trust anchor`);
  };
  const signed = (issuer: LoadedCertificate, child: LoadedCertificate): boolean => {
    const pair = `${idOf(issuer)}>${idOf(child)}`;
    let answer = answers.get(pair);
    if (answer === undefined) {
      const keyIssue = publicKeyProblem(issuer.info);
      if (keyIssue) {
        lastProblem = `"${formatName(issuer.info.subject)}" cannot be an issuer: ${keyIssue}`;
        answer = false;
      } else if (!mayHaveIssued(issuer.info, child.info)) {
        answer = false; // names or key ids differ: no signature to check
      } else {
        if (++checks > MAX_SIGNATURE_CHECKS) gaveUp(`${MAX_SIGNATURE_CHECKS} signature checks`);
        answer = verifyIssued(issuer, child, mlDsa);
      }
      answers.set(pair, answer);
    }
    return answer;
  };

  const validate = (path: LoadedCertificate[]): string | undefined => {
    for (let i = 1; i < path.length; i++) {
      const problem = caProblem(path[i]!, i, i === path.length - 1, now);
      if (problem) return problem;
    }
    return pathNameConstraintsProblem(path);
  };

  const search = (path: LoadedCertificate[]): LoadedCertificate[] | undefined => {
    if (++steps > MAX_SEARCH_STEPS) gaveUp(`${MAX_SEARCH_STEPS} candidate paths`);
    const current = path[path.length - 1]!;
    for (const anchor of anchors) {
      if (!signed(anchor, current)) continue;
      // An anchor sent in the chain is the anchor itself, not an intermediate.
      const full = [...path, anchor];
      const problem = validate(full);
      if (!problem) return full;
      lastProblem = problem;
    }
    if (path.length - 1 >= MAX_INTERMEDIATES) return undefined;
    for (const next of candidates) {
      if (path.some((c) => same(c, next)) || anchors.some((a) => same(a, next))) continue;
      if (!signed(next, current)) continue;
      const found = search([...path, next]);
      if (found) return found;
    }
    return undefined;
  };

  const path = search([leaf]);
  if (!path) throw untrusted(lastProblem ?? "no chain of valid signatures leads from the certificate to the trust anchor");
  return path;
}
