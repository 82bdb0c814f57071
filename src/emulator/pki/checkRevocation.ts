import { constants, verify } from "node:crypto";
import type { CrlRecord } from "../state/records";
import type { LoadedCertificate } from "./loadCertificate";
import { crlSignatureScheme } from "./crlSignatureScheme";
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
  const scheme = crlSignatureScheme(crl);
  if ("error" in scheme) return false; // refused by importCrl; only reachable for records built by hand
  // ML-DSA keys never reach node:crypto (Node 20 cannot load them).
  if (key.type === "ML-DSA")
    return crl.signatureAlgorithmOid === key.oid && mlDsa.verify(issuer.info, crl.tbs, crl.signatureValue) === true;
  if (scheme.kind === "ml-dsa") return false;
  try {
    if (scheme.kind === "pss") {
      const pssKey = { key: issuer.x509.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength };
      return verify(scheme.hash, crl.tbs, pssKey, crl.signatureValue);
    }
    return verify(scheme.algorithm, crl.tbs, { key: issuer.x509.publicKey, dsaEncoding: "der" }, crl.signatureValue);
  } catch {
    return false;
  }
}

/**
 * Looks for a revoked certificate on a validated path (leaf first, anchor last) in the trust
 * anchor's enabled CRLs. A CRL counts for a certificate when it is signed by that
 * certificate's issuer on the path (its signature verifies with the issuer's key: RSA
 * PKCS#1 v1.5, RSASSA-PSS with the parameters of its AlgorithmIdentifier, ECDSA, Ed25519 or
 * ML-DSA); a CRL signed by someone else is ignored. `importCrl` refuses CRLs that do not parse
 * or whose signature algorithm cannot be verified, so none is skipped silently. `nextUpdate` is not enforced:
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
  const enabled = crls
    .filter((c) => c.enabled)
    .map(parsedOf)
    .filter((c): c is ParsedCrl => c !== undefined);
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
