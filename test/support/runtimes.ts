/**
 * What the cross-runtime tests share: where `scripts/runtimes.mjs` put each runtime, why a
 * test skips, and an emulator with one trust anchor, profile and role.
 * @internal
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator";
import { type PackedProject, createPackedProject } from "./packedProject";
import { type TestCert, createTestCa, issueTestCertificate } from "./pki";

const runtimesDir = fileURLToPath(new URL("../../.runtimes/", import.meta.url));

/** Marks tests that need a runtime from `scripts/runtimes.mjs`; `.ci/run` fails when one skipped. */
export const NEEDS_RUNTIMES = "[needs:runtimes]";

export type RuntimeName = "node22" | "node24" | "node26" | "bun" | "deno" | "workerd";

export interface InstalledRuntime {
  /** Absolute path of the runtime's binary. */
  readonly binary: string;
  /** First line of its `--version`. */
  readonly version: string;
  /** The runtime's folder (its node_modules holds the package, e.g. miniflare). */
  readonly dir: string;
}

/** The runtime as installed by `node scripts/runtimes.mjs`, or undefined. */
export const installedRuntime = (name: RuntimeName): InstalledRuntime | undefined => {
  const dir = join(runtimesDir, name);
  try {
    const record = JSON.parse(readFileSync(join(dir, "runtime.json"), "utf8")) as { binary: string; reported: string };
    return { binary: join(dir, record.binary), version: record.reported, dir };
  } catch {
    return undefined;
  }
};

/** A describe title with the marker and, when a runtime is missing, why the tests skip. */
export const runtimeTitle = (title: string, ...names: RuntimeName[]): string => {
  const missing = names.filter((name) => installedRuntime(name) === undefined);
  return missing.length === 0
    ? `${NEEDS_RUNTIMES} ${title}`
    : `${NEEDS_RUNTIMES} ${title} (skipped: ${missing.join(", ")} not installed; run \`node scripts/runtimes.mjs\`)`;
};

/** True when every named runtime is installed. */
export const haveRuntimes = (...names: RuntimeName[]): boolean => names.every((name) => installedRuntime(name) !== undefined);

export interface RuntimeEmulator {
  readonly emulator: Emulator;
  readonly leaf: TestCert;
  /** The CA that issued `leaf`, the emulator's trust anchor. */
  readonly caPem: string;
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
  /** Environment for a child process: RA_* names read by the tests' scripts. */
  readonly env: Record<string, string>;
}

/** Starts the emulator on 127.0.0.1 with a fresh CA and a leaf it trusts for `role/runtime`. */
export const startRuntimeEmulator = async (): Promise<RuntimeEmulator> => {
  const ca = await createTestCa({ commonName: "Runtime Test CA", key: { type: "EC", curve: "P-256" } });
  const leaf = await issueTestCertificate({ issuer: ca, subject: { CN: "runtime-workload" }, key: { type: "EC", curve: "P-256" } });
  const emulator = await startEmulator({
    trustAnchors: [{ id: "TA", certificates: ca.certificatePem }],
    profiles: [{ id: "P", roleArns: ["arn:aws:iam::123456789012:role/runtime"] }],
    roles: [{ name: "runtime" }],
  });
  const trustAnchorArn = emulator.arns.trustAnchors["TA"]!;
  const profileArn = emulator.arns.profiles["P"]!;
  const roleArn = emulator.arns.roles["runtime"]!;
  return {
    emulator,
    leaf,
    caPem: ca.certificatePem,
    trustAnchorArn,
    profileArn,
    roleArn,
    env: { RA_ENDPOINT: emulator.url, RA_STS: emulator.stsUrl, RA_TA: trustAnchorArn, RA_PROFILE: profileArn, RA_ROLE: roleArn },
  };
};

/** The assumed-role ARN GetCallerIdentity returns for a session of `role/runtime`. */
export const ASSUMED_ROLE = /^arn:aws:sts::123456789012:assumed-role\/runtime\/[0-9a-f]+$/;

/**
 * A packed consumer project (the package and `@aws-sdk/client-sts`) with the leaf's
 * `cert.pem` and `key.pem`, the CA's `ca.pem`, plus the given script files.
 */
const createRuntimeProject = (prefix: string, setup: RuntimeEmulator, files: Record<string, string>): PackedProject => {
  const packed = createPackedProject(prefix, ["@aws-sdk/client-sts"]);
  writeFileSync(join(packed.dir, "cert.pem"), setup.leaf.certificatePem);
  writeFileSync(join(packed.dir, "key.pem"), setup.leaf.key.privateKeyPem);
  writeFileSync(join(packed.dir, "ca.pem"), setup.caPem);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(packed.dir, name), text);
  return packed;
};

/** Arguments of `roles-anywhere credential-process` for the emulator's trust anchor, profile and role. */
export const credentialProcessArgs = (setup: RuntimeEmulator): string[] => [
  "credential-process",
  ...["--certificate", "cert.pem", "--private-key", "key.pem", "--endpoint", setup.emulator.url],
  ...["--trust-anchor-arn", setup.trustAnchorArn, "--profile-arn", setup.profileArn, "--role-arn", setup.roleArn],
];

export interface RuntimeProject {
  /** The emulator and the identities it trusts (set once the hooks ran). */
  readonly setup: RuntimeEmulator;
  /** The consumer project's folder. */
  readonly dir: string;
  /** Runs the runtime's binary in the project and resolves with its stdout. */
  run(...args: string[]): Promise<string>;
}

/**
 * Registers the hooks of a describe block that runs `runtime` on the packed package: starts the
 * emulator, creates the consumer project with `files`, and stops and removes both afterwards.
 * The child sees only PATH, HOME (the project), the RA_* variables and `env(dir)`.
 */
export const useRuntimeProject = (
  runtime: RuntimeName,
  files: Record<string, string>,
  env: (dir: string) => Record<string, string> = () => ({}),
): RuntimeProject => {
  let setup: RuntimeEmulator | undefined;
  let packed: PackedProject | undefined;
  let childEnv: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    setup = await startRuntimeEmulator();
    packed = createRuntimeProject(`ra-${runtime}-`, setup, files);
    childEnv = { PATH: process.env.PATH, HOME: packed.dir, ...setup.env, ...env(packed.dir) };
  }, 180_000);
  afterAll(async () => {
    await setup?.emulator.close();
    packed?.remove();
  });
  return {
    get setup() {
      return setup!;
    },
    get dir() {
      return packed!.dir;
    },
    // Async: the emulator lives in this process, so its event loop must keep running.
    run: async (...args) =>
      (
        await promisify(execFile)(installedRuntime(runtime)!.binary, args, {
          cwd: packed!.dir,
          env: childEnv,
          encoding: "utf8",
          timeout: 90_000,
        })
      ).stdout,
  };
};

/** One Worker for {@link runMiniflare}; its bindings are text bindings (how secrets appear). */
export interface WorkerSpec {
  readonly name: string;
  readonly scriptPath: string;
  readonly compatibilityDate: string;
  readonly compatibilityFlags?: readonly string[];
  readonly bindings?: Record<string, string>;
}

/** What one request to a Worker answered. */
export interface WorkerResult {
  readonly worker: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

const miniflareRunner = fileURLToPath(new URL("./miniflareRunner.mjs", import.meta.url));

/**
 * Runs `workers` in workerd through miniflare (on the node24 runtime, which miniflare needs) and
 * sends `requests` in order; each worker may reach loopback addresses only. Async, so servers in
 * this process (the emulator) keep answering. Needs the workerd and node24 runtimes.
 */
export const runMiniflare = async (
  dir: string,
  workers: readonly WorkerSpec[],
  requests: readonly { worker: string; url: string }[],
): Promise<WorkerResult[]> => {
  const job = join(dir, "miniflare-job.json");
  writeFileSync(job, JSON.stringify({ miniflare: join(installedRuntime("workerd")!.dir, "node_modules/miniflare"), workers, requests }));
  const { stdout } = await promisify(execFile)(installedRuntime("node24")!.binary, [miniflareRunner, job], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  const line = stdout.split("\n").find((text) => text.startsWith("RESULTS "));
  if (!line) throw new Error(`miniflare printed no results:\n${stdout}`);
  return JSON.parse(line.slice("RESULTS ".length)) as WorkerResult[];
};
