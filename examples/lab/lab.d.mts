// Types of lab.mjs (for the e2e tests written in TypeScript).

export type LabPkiKind = "easyrsa" | "in-process";
export type LabPkiChoice = LabPkiKind | "auto";

export interface LabConfig {
  Region: string;
  AccountID: string;
  certificate_file: string;
  certificate_key: string;
  AnchorID: string;
  ProfileID: string;
  RoleName: string;
}

export interface LabArns {
  trustAnchorArn: string;
  profileArn: string;
  roleArn: string;
}

export interface LabPki {
  kind: LabPkiKind;
  dir: string;
  caFile: string;
  caPem: string;
  clients: Record<string, { certificateFile: string; privateKeyFile: string }>;
}

export interface LabAttempt {
  user: string;
  role: string;
  expected: "allowed" | "AccessDenied";
}

export interface LabIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface LabErrorSummary {
  name?: string;
  code?: string;
  errorType?: string;
  statusCode?: number;
  /** The service's own message, e.g. "Unable to assume role for arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-Only-Thule." */
  serviceMessage?: string;
  message: string;
}

export interface LabRow {
  user: string;
  role: string;
  expected: string;
  actual: string;
  arn?: string;
  cliArn?: string;
  cliError?: string;
  error?: LabErrorSummary;
  identity?: LabIdentity;
  configFile?: string;
}

/** What the lab needs from the emulator handle returned by startEmulator. */
export interface LabEmulator {
  url: string;
  stsUrl: string;
  close(): Promise<void>;
}

export interface LabLib {
  fromRolesAnywhere: (init: any) => (options?: any) => Promise<LabIdentity>;
  startEmulator: (options: any) => Promise<LabEmulator>;
}

export interface LabResult {
  ok: boolean;
  pki: LabPkiKind;
  rows: LabRow[];
  workDir: string;
  material: LabPki;
  aws?: string;
  /** What steps 6-15 made, and with what. */
  setup: LabSetup;
  emulator?: LabEmulator;
}

/** The outcome of the console steps 6-15. */
export interface LabSetup {
  anchorId: string;
  profileId: string;
  roleArns: string[];
  via: "aws" | "sdk";
  /** The private CA of the PCA branch. */
  caArn?: string;
  /** The certificate the trust anchor holds. */
  caPem: string;
}

export declare const LAB: Readonly<{
  accountId: string;
  region: string;
  anchorId: string;
  profileId: string;
  users: readonly string[];
  roleAll: "Lab-IAM-Anywhere-All";
  roleOnlyThule: "Lab-IAM-Anywhere-Only-Thule";
}>;
export declare const LAB_OUT_DIR: string;
export declare const LAB_ATTEMPTS: readonly LabAttempt[];
export declare const NO_CREDENTIALS_EXPECTED: "no credentials";

export declare function labTrustPolicy(condition?: Record<string, unknown>): Record<string, unknown>;
export declare function roleArn(name: string, accountId?: string): string;
export declare function labEmulatorOptions(options: {
  caPem: string;
  anchorId?: string;
  profileId?: string;
  extraRoles?: readonly Record<string, unknown>[];
}): Record<string, any>;
export declare function labConfig(options: {
  certificateFile: string;
  privateKeyFile: string;
  role: string;
  anchorId?: string;
  profileId?: string;
}): LabConfig;
export declare function arnsFromConfig(config: LabConfig): LabArns;
export declare function readLabConfig(file: string): Promise<LabConfig>;
/** `Unable to assume role for arn:aws:iam::<account>:role/<role>.`: CreateSession's trust-policy denial. */
export declare function trustPolicyDenial(role: string, accountId?: string): string;
/** "AccessDenied" for the trust policy's denial of `role`; any other failure is described as such. */
export declare function failedOutcome(error: unknown, role: string): string;
export declare function exportLines(identity: LabIdentity): string[];
/** `easyrsa` on the PATH, else Debian's /usr/share/easy-rsa/easyrsa; undefined when not installed. */
export declare function findEasyRsa(options?: { env?: NodeJS.ProcessEnv }): Promise<string | undefined>;
export declare function findAwsCli(options?: { env?: NodeJS.ProcessEnv }): Promise<string | undefined>;
export declare function buildLabPki(options: {
  pki?: LabPkiChoice;
  dir: string;
  log?: (line: string) => void;
  /** Locates easyrsa; default {@link findEasyRsa}. */
  find?: () => Promise<string | undefined>;
}): Promise<LabPki>;
export declare function isolatedAwsEnv(tmpDir: string, extra?: Record<string, string>): Promise<NodeJS.ProcessEnv>;
export declare function sdkCallerIdentity(options: {
  stsUrl: string;
  credentials?: unknown;
  region?: string;
}): Promise<{ UserId?: string; Account?: string; Arn?: string }>;
export declare function cliCallerIdentity(options: {
  aws: string;
  stsUrl: string;
  identity?: LabIdentity;
  tmpDir: string;
  region?: string;
}): Promise<
  { ok: true; identity: { UserId: string; Account: string; Arn: string } } | { ok: false; exitCode?: number | string; stderr: string }
>;
export declare function runAttempt(options: {
  lib: LabLib;
  emulator: LabEmulator;
  attempt: LabAttempt;
  pki: LabPki;
  workDir: string;
  aws?: string;
  /** The trust anchor and profile IDs to put in config.json (default: the lab's fixed ones). */
  ids?: { anchorId: string; profileId: string };
  log?: (line: string) => void;
}): Promise<LabRow>;
/** GetCallerIdentity through the SDK (and the aws CLI when `aws` is given); records ARNs and problems in `row`. */
export declare function checkCallerIdentity(
  row: LabRow,
  options: {
    emulator: LabEmulator;
    credentials: unknown;
    identity: LabIdentity;
    isExpected: (arn: string | undefined) => boolean | undefined;
    workDir: string;
    aws?: string;
    log?: (line: string) => void;
  },
): Promise<void>;
export declare function runNoCredentials(options: {
  emulator: LabEmulator;
  workDir: string;
  aws?: string;
  log?: (line: string) => void;
}): Promise<LabRow>;
export declare function formatTable(rows: readonly LabRow[]): string;
export declare function stepByStepHint(emulator: {
  url: string;
  stsUrl: string;
  outConfig: string;
  adminCredentials: { accessKeyId: string; secretAccessKey: string };
}): string[];
export declare function runLab(options: {
  lib: LabLib;
  pki?: LabPkiChoice;
  outDir?: string;
  log?: (line: string) => void;
  awsCli?: boolean | "auto";
  /** Steps 6-15 with the aws CLI ("aws"), the SDK v3 clients ("sdk"), or the CLI when installed ("auto"). */
  setupWith?: "auto" | "aws" | "sdk";
  /** Step 11's other branch: an ACM Private CA issues the users' certificates. */
  pca?: boolean;
  keepEmulator?: boolean;
  /** Also run the role-chaining step (chain.mjs): three more rows. */
  chain?: boolean;
}): Promise<LabResult>;
