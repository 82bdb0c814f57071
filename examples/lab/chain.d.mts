// Types of chain.mjs (for the e2e tests written in TypeScript).
import type { LabEmulator, LabLib, LabPki, LabRow } from "./lab.mjs";

export interface LabChainAttempt {
  user: string;
  durationSeconds?: number;
  expected: "allowed" | "AccessDenied" | "ValidationError";
}

export declare const LAB_CHAIN: Readonly<{ workloadAccountId: string; workloadRole: "Lab-Workload-Role"; hubRole: "Lab-IAM-Anywhere-All" }>;
export declare const CHAINED_DURATION_MESSAGE: string;
export declare const LAB_CHAIN_ATTEMPTS: readonly LabChainAttempt[];
export declare function workloadTrustPolicy(): Record<string, unknown>;
export declare function workloadRoleInit(): Record<string, unknown>;
export declare function workloadRoleArn(): string;
export declare function chainLabel(attempt: LabChainAttempt): string;
/** "AccessDenied" for the workload trust policy's refusal, "ValidationError" for the one-hour rule; any other failure described. */
export declare function chainFailure(error: unknown): string;
export declare function runChainAttempt(options: {
  lib: LabLib;
  emulator: LabEmulator;
  attempt: LabChainAttempt;
  pki: LabPki;
  workDir: string;
  aws?: string;
  /** The trust anchor and profile IDs of the lab's setup (default: the lab's fixed ones). */
  ids?: { anchorId: string; profileId: string };
  log?: (line: string) => void;
}): Promise<LabRow>;
