import { RolesAnywhereError } from "../../errors";
import type { DigestName } from "../../key/digestSigner";
import { decodePem } from "../../encoding/pem";
import { tpmFailure } from "./tpmFailure";
import { builtinModule } from "../../runtime/builtinModule";

/**
 * TPM 2.0 keys through the system's OpenSSL 3 and its `tpm2` provider (package tpm2-openssl):
 * one `openssl pkeyutl -sign` process per signature. That provider talks to the TPM through the
 * TSS2 stack: the kernel's resource manager `/dev/tpmrm0` by default, or the TCTI in
 * `TPM2OPENSSL_TCTI` (`TPM_DEVICE`, the official helper's variable, is honoured too). The key
 * file goes to a private temporary directory for the run; the password goes through a pipe
 * (`-passin fd:3`), never the command line or the environment. Runs are serialised: a TPM without
 * a resource manager (a simulator) serves one client at a time. Node's modules are imported when
 * first used, so that bundling this file into the core adds no static Node import.
 *
 * @internal
 */

const nodeModules = async () => {
  const childProcess = builtinModule<typeof import("node:child_process")>("node:child_process") ?? (await import("node:child_process"));
  const fs = builtinModule<typeof import("node:fs/promises")>("node:fs/promises") ?? (await import("node:fs/promises"));
  const os = builtinModule<typeof import("node:os")>("node:os") ?? (await import("node:os"));
  const path = builtinModule<typeof import("node:path")>("node:path") ?? (await import("node:path"));
  return { spawn: childProcess.spawn, mkdtemp: fs.mkdtemp, rm: fs.rm, writeFile: fs.writeFile, tmpdir: os.tmpdir, join: path.join };
};

/** A TPM key: a TSS2 key file (PEM), or a persistent handle such as `0x81000001`. */
export type TpmKeyRef = { readonly pem: string; readonly name: string } | { readonly handle: number; readonly name: string };

const DIGESTS: Record<DigestName, string> = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
const TIMEOUT_MS = 60_000;

let queue: Promise<unknown> = Promise.resolve();
const serialised = <T>(task: () => Promise<T>): Promise<T> => {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
};

/** The environment of the openssl process: TPM_DEVICE becomes a device TCTI unless a TCTI is set. */
export const tpmEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const device = env.TPM_DEVICE?.trim();
  return !env.TPM2OPENSSL_TCTI && device ? { ...env, TPM2OPENSSL_TCTI: `device:${device}` } : env;
};

interface Run {
  readonly args: readonly string[];
  readonly input?: Uint8Array;
  readonly password?: string;
  readonly key: string;
}

const runOpenssl = async ({ args, input, password, key }: Run): Promise<Uint8Array> => {
  const { spawn } = await nodeModules();
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn("openssl", [...args], { stdio: ["pipe", "pipe", "pipe", "pipe"], env: tpmEnv(process.env), windowsHide: true });
    } catch (error) {
      reject(notInstalled(error));
      return;
    }
    const out: Buffer[] = [];
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    for (const stream of [child.stdin, child.stdio[3]]) (stream as NodeJS.WritableStream | null)?.on("error", () => undefined);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(notInstalled(error));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL")
        reject(new RolesAnywhereError("ERR_TIMEOUT", `The TPM did not answer within ${TIMEOUT_MS / 1000} s for the key ${key}.`));
      else if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(tpmFailure(err, key));
    });
    (child.stdio[3] as NodeJS.WritableStream).end(`${password ?? ""}\n`);
    child.stdin.end(input === undefined ? undefined : Buffer.from(input));
  });
};

const notInstalled = (error: unknown): RolesAnywhereError =>
  (error as { code?: string }).code === "ENOENT"
    ? new RolesAnywhereError(
        "ERR_UNSUPPORTED_KEY",
        'TPM keys need the "openssl" command (OpenSSL 3) with the tpm2 provider on PATH (Debian/Ubuntu: apt-get install openssl tpm2-openssl).',
      )
    : new RolesAnywhereError("ERR_UNSUPPORTED_KEY", `Could not start openssl for the TPM: ${(error as Error).message}.`);

const PROVIDERS = ["-provider", "tpm2", "-provider", "default"];
const handleUri = (handle: number, password: string | undefined): string =>
  `handle:0x${handle.toString(16).padStart(8, "0")}${password === undefined ? "" : "?pass"}`;

/** Runs `task` with the key as an `-inkey` argument: a file in a private temporary directory, or a handle URI. */
const withKeyArgument = async <T>(key: TpmKeyRef, password: string | undefined, task: (inkey: string) => Promise<T>): Promise<T> => {
  if ("handle" in key) return task(handleUri(key.handle, password));
  const { mkdtemp, rm, writeFile, tmpdir, join } = await nodeModules();
  const dir = await mkdtemp(join(tmpdir(), "roles-anywhere-tpm-"));
  try {
    const file = join(dir, "key.pem");
    await writeFile(file, key.pem, { mode: 0o600 });
    return await task(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * Signs `data` with the TPM key: RSASSA-PKCS1-v1_5 or ECDSA (DER) over the `digest` of `data`.
 *
 * @internal
 */
export const tpmSign = (key: TpmKeyRef, password: string | undefined, digest: DigestName, data: Uint8Array): Promise<Uint8Array> =>
  serialised(() =>
    withKeyArgument(key, password, (inkey) =>
      runOpenssl({
        args: ["pkeyutl", "-sign", ...PROVIDERS, "-inkey", inkey, "-passin", "fd:3", "-rawin", "-digest", DIGESTS[digest]],
        input: data,
        ...(password === undefined ? {} : { password }),
        key: key.name,
      }),
    ),
  );

/**
 * The DER SubjectPublicKeyInfo of the key at a persistent handle (reading it needs no password).
 *
 * @internal
 */
export const tpmHandlePublicKey = (key: TpmKeyRef & { handle: number }): Promise<Uint8Array> =>
  serialised(async () => {
    const pem = new TextDecoder().decode(
      await runOpenssl({ args: ["pkey", ...PROVIDERS, "-in", handleUri(key.handle, undefined), "-pubout"], key: key.name }),
    );
    const block = decodePem(pem).find((b) => b.label === "PUBLIC KEY");
    if (!block) throw new RolesAnywhereError("ERR_INVALID_PRIVATE_KEY", `The TPM returned no public key for ${key.name}.`);
    return block.der;
  });
