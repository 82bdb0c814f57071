import type { Logger } from "@smithy/types";
import type { CertificateInfo } from "../certificate/certificate";
import { looseKeyFileMode } from "./keyFilePermissions";

/** How close to expiry a certificate gets a warning. @internal */
export const EXPIRY_WARNING_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Warns (once per certificate) when the certificate expires within 30 days, and
 * (once per path) when a private-key file is readable by group or others. Messages
 * name the serial or path only.
 *
 * @internal
 */
export const createIdentityWarnings = (logger: Partial<Logger> | undefined) => {
  const warnedSerials = new Set<string>();
  const checkedPaths = new Set<string>();
  return {
    certificate(certificate: CertificateInfo, now: Date): void {
      const left = certificate.notAfter.getTime() - now.getTime();
      if (!logger?.warn || left > EXPIRY_WARNING_MS || left < 0 || warnedSerials.has(certificate.serialHex)) return;
      warnedSerials.add(certificate.serialHex);
      const days = Math.floor(left / 86_400_000);
      logger.warn(
        `roles-anywhere: the certificate (serial ${certificate.serialHex}) expires at ${certificate.notAfter.toISOString()}, in ${days} day${days === 1 ? "" : "s"}. Renew it with your CA before then.`,
      );
    },
    async keyFile(path: string): Promise<void> {
      if (!logger?.warn || checkedPaths.has(path)) return;
      checkedPaths.add(path);
      const mode = await looseKeyFileMode(path);
      if (mode === undefined) return;
      logger.warn(
        `roles-anywhere: the private key file "${path}" is readable by ${mode & 0o004 ? "all users" : "its group"} (mode ${mode.toString(8).padStart(4, "0")}). Restrict it: chmod 600 "${path}".`,
      );
    },
  };
};
