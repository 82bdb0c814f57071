import { fromBase64 } from "../../encoding/base64";
import { untrusted } from "../http/serviceError";
import { loadCertificate, type LoadedCertificate } from "../pki/loadCertificate";
import { requestCertificates } from "../pki/certificateMemo";

/** The chain header carries at most 5 certificates (docs/service-behaviour.md §1.6). @internal */
export const MAX_CHAIN_CERTIFICATES = 5;

/**
 * Parses `X-Amz-X509-Chain` (comma-separated base64 DER). An absent header is an empty pool;
 * an empty header, more than 5 certificates or an undecodable one are refused with
 * `Untrusted signing certificate` (AWS rejects an empty chain header; its wording is not
 * documented, this is a choice).
 * @internal
 */
export function parseChainHeader(value: string | undefined): LoadedCertificate[] {
  if (value === undefined) return [];
  const parts = value.split(",").map((p) => p.trim());
  if (value.trim() === "" || parts.some((p) => p === "")) throw untrusted("X-Amz-X509-Chain is empty or has an empty entry");
  if (parts.length > MAX_CHAIN_CERTIFICATES) {
    throw untrusted(`X-Amz-X509-Chain has ${parts.length} certificates; at most ${MAX_CHAIN_CERTIFICATES} are allowed`);
  }
  return parts.map((part, i) => {
    const der = fromBase64(part);
    try {
      if (!der) throw new Error("not base64");
      return requestCertificates(part, () => loadCertificate(der));
    } catch {
      throw untrusted(`X-Amz-X509-Chain entry ${i + 1} is not a base64 DER certificate`);
    }
  });
}
