import type { CertificateInfo } from "../certificate/certificate";

/** Lower-case hex of a serial, left-padded with `0` to an even length (291 → `0123`). @internal */
export const evenHex = (serial: bigint): string => {
  const hex = serial.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
};

/**
 * Source identity rules (docs/service-behaviour.md §4.4): subject CN of ≤61 characters →
 * `CN=<cn>`; 62–64 characters → the bare CN; no CN → `ID=<hex serial>` padded to even length.
 * The hex case is undocumented; lower case is used. A CN above 64 characters (beyond X.520's
 * upper bound) falls back to `ID=…` (a choice). With several CN values the first is used.
 * @internal
 */
export function sourceIdentityOf(info: CertificateInfo): string {
  const cn = info.subject.find((a) => a.shortName === "CN")?.value;
  if (cn !== undefined && cn.length > 0 && cn.length <= 61) return `CN=${cn}`;
  if (cn !== undefined && cn.length >= 62 && cn.length <= 64) return cn;
  return `ID=${evenHex(info.serialNumber)}`;
}

/**
 * The default role session name: the certificate serial in lower-case hex (AWS: "the hex
 * serial"; real names are 32 lower-case hex digits). Padding of odd lengths is unverified; it is
 * padded to an even length here (serial 1 → `01`), which also meets STS's 2-character minimum.
 * No sign byte is added for high-bit serials (a choice).
 * @internal
 */
export const defaultRoleSessionName = (info: CertificateInfo): string => evenHex(info.serialNumber);
