import { verify } from "node:crypto";
import { SIGNATURE_HASHES } from "../../x509/oids";
import type { CrlRecord } from "../state/records";
import type { LoadedCertificate } from "./loadCertificate";
import { MlDsaChecks } from "./mlDsaChecks";
import { parseCrl, type ParsedCrl } from "./parseCrl";

const parsedCrls = new WeakMap<Uint8Array, ParsedCrl | null>();

function parsedOf(crl: CrlRecord): ParsedCrl | undefined {
  let parsed = parsedCrls.get(crl.der);
  if (parsed === undefined) {
    parsed = parseCrl(crl.der) ?? null; // parsed lazily, once per CRL
    parsedCrls.set(crl.der, parsed);
  }
  return parsed ?? undefined;
}

function signedBy(crl: ParsedCrl, issuer: LoadedCertificate, mlDsa: MlDsaChecks): boolean {
  const key = issuer.info.publicKey;
  // ML-DSA keys never reach node:crypto (Node 20 cannot load them).
  if (key.type === "ML-DSA") return crl.signatureAlgorithmOid === key.oid && mlDsa.verify(issuer.info, crl.tbs, crl.signatureValue) === true;
  const hash = SIGNATURE_HASHES[crl.signatureAlgorithmOid];
  const algorithm = hash === "Ed25519" ? null : hash?.startsWith("SHA-") ? hash.replace("-", "").toLowerCase() : undefined;
  if (algorithm === undefined) return false;
  try {
    return verify(algorithm, crl.tbs, { key: issuer.x509.publicKey, dsaEncoding: "der" }, crl.signatureValue);
  } catch {
    return false;
  }
}

/**
 * Looks for a revoked certificate on a validated path (leaf first, anchor last) in the trust
 * anchor's enabled CRLs. A CRL counts for a certificate when it is signed by that
 * certificate's issuer on the path (its signature verifies with the issuer's key); a CRL
 * that parses badly or is signed by someone else is ignored. `nextUpdate` is not enforced:
 * AWS keeps using an imported CRL until it is replaced (a choice; undocumented).
 * CRLs signed by an ML-DSA issuer are checked through `mlDsa` (see {@link MlDsaChecks}).
 * Returns the first revoked certificate, or `undefined`.
 * @internal
 */
export function findRevoked(
  path: readonly LoadedCertificate[],
  crls: readonly CrlRecord[],
  mlDsa: MlDsaChecks = new MlDsaChecks(),
): LoadedCertificate | undefined {
  const enabled = crls.filter((c) => c.enabled).map(parsedOf).filter((c): c is ParsedCrl => c !== undefined);
  if (enabled.length === 0) return undefined;
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    for (const crl of enabled) {
      if (crl.revokedSerials.has(cert.info.serialNumber) && signedBy(crl, issuer, mlDsa)) return cert;
    }
  }
  return undefined;
}
