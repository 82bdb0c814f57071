/**
 * A software TPM (swtpm) for tests: started on free loopback ports in a private state directory,
 * stopped by the test that started it. swtpm serves one client connection at a time and, without a
 * resource manager, keeps at most 3 objects loaded: TPM users in a test must run one after another
 * and flush what they load (OpenSSL's tpm2 provider and tpm2-pkcs11 do). Used by the tests and
 * by bench/tpm.mjs; types in swtpm.d.mts.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join } from "node:path";

const opensslModules = () => /MODULESDIR: "([^"]+)"/.exec(spawnSync("openssl", ["version", "-m"], { encoding: "utf8" }).stdout ?? "")?.[1];

/** Why the swtpm tests cannot run here, or undefined when they can. */
export const swtpmMissing =
  spawnSync("swtpm", ["--version"]).status !== 0
    ? "swtpm is not installed (apt-get install swtpm swtpm-tools)"
    : spawnSync("tpm2_dictionarylockout", ["--version"]).status !== 0
      ? "tpm2-tools is not installed (apt-get install tpm2-tools)"
      : !existsSync(join(opensslModules() ?? "/nonexistent", "tpm2.so"))
        ? "OpenSSL's tpm2 provider is not installed (apt-get install tpm2-openssl)"
        : undefined;

/** The tpm2-pkcs11 module path, if installed. */
export const tpm2Pkcs11Module = [
  "/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so",
  "/usr/lib/aarch64-linux-gnu/pkcs11/libtpm2_pkcs11.so",
  "/usr/lib/pkcs11/libtpm2_pkcs11.so",
  "/usr/lib64/pkcs11/libtpm2_pkcs11.so",
].find((path) => existsSync(path));

/** @param {number} port @returns {Promise<number | undefined>} */
const listenOn = (port) =>
  new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = /** @type {{ port: number }} */ (server.address());
      server.close(() => resolve(bound));
    });
  });

/** Two free consecutive ports: the swtpm TCTI finds the control port at the server port + 1. */
const freePortPair = async () => {
  for (;;) {
    const server = await listenOn(0);
    if (server !== undefined && server < 65535 && (await listenOn(server + 1)) !== undefined) return [server, server + 1];
  }
};

/** @param {number} port @returns {Promise<boolean>} */
const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/**
 * Starts swtpm (TPM 2.0, already initialised and started up) with its state in `dir`, and relaxes
 * its dictionary-attack protection so wrong-password tests cannot lock it out.
 */
export const startSwtpm = async (dir) => {
  const state = join(dir, "swtpm-state");
  mkdirSync(state, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const [server, control] = await freePortPair();
    const child = spawn(
      "swtpm",
      [
        "socket",
        "--tpm2",
        "--tpmstate",
        `dir=${state}`,
        "--server",
        `type=tcp,port=${server},bindaddr=127.0.0.1`,
        "--ctrl",
        `type=tcp,port=${control},bindaddr=127.0.0.1`,
        "--flags",
        "not-need-init,startup-clear",
      ],
      { stdio: "ignore" },
    );
    const exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let up = false;
    for (let i = 0; i < 100 && child.exitCode === null && !up; i++) {
      await new Promise((r) => setTimeout(r, 50));
      up = await accepts(control);
    }
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    };
    if (!up) {
      await stop();
      if (attempt < 3) continue; // a port taken between choosing and binding
      throw new Error("swtpm did not start");
    }
    const tcti = `swtpm:host=127.0.0.1,port=${server}`;
    const env = { TPM2OPENSSL_TCTI: tcti, TPM2TOOLS_TCTI: tcti, TPM2_PKCS11_TCTI: tcti, TSS2_LOG: "all+NONE" };
    try {
      execFileSync("tpm2_dictionarylockout", ["--setup-parameters", "--max-tries=1000", "--recovery-time=1", "--lockout-recovery-time=1"], {
        env: { ...process.env, ...env },
        stdio: "pipe",
      });
    } catch (error) {
      await stop();
      throw error;
    }
    return { tcti, env, stop };
  }
};

/** Runs openssl with the tpm2 provider against the swtpm (throws with stderr on failure). */
export const tpmOpenssl = (tpm, args, input) => {
  const r = spawnSync("openssl", args, { env: { ...process.env, ...tpm.env }, input });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
};

/**
 * Creates a TPM key with OpenSSL's tpm2 provider and writes its TSS2 key file (the private part
 * never leaves the TPM unwrapped). Returns the key file's path.
 */
export const createTss2Key = (tpm, file, spec, password) => {
  const options = spec.type === "EC" ? ["-algorithm", "EC", "-pkeyopt", "group:P-256"] : ["-algorithm", "RSA", "-pkeyopt", "bits:2048"];
  tpmOpenssl(tpm, [
    "genpkey",
    "-provider",
    "tpm2",
    "-provider",
    "default",
    ...options,
    ...(password ? ["-pkeyopt", `user-auth:${password}`] : []),
    "-out",
    file,
  ]);
  return file;
};

/** Has the TPM sign a CSR for the key file (openssl req with the tpm2 provider). */
export const tpmCsr = (tpm, keyFile, commonName, password) =>
  tpmOpenssl(tpm, [
    "req",
    "-new",
    "-provider",
    "tpm2",
    "-provider",
    "default",
    "-key",
    keyFile,
    ...(password ? ["-passin", `pass:${password}`] : []),
    "-subj",
    `/CN=${commonName}`,
  ]).toString();

/**
 * Creates an ECDSA P-256 key with tpm2-tools and makes it persistent at `handle` (flushing
 * transient objects between steps: swtpm has no resource manager).
 */
export const persistTpmKey = (tpm, dir, handle, password) => {
  const run = (tool, args) => execFileSync(tool, args, { env: { ...process.env, ...tpm.env }, cwd: dir, stdio: "pipe" });
  const flush = () => run("tpm2_flushcontext", ["-t"]);
  run("tpm2_createprimary", ["-Q", "-C", "o", "-G", "ecc", "-c", "primary.ctx"]);
  run("tpm2_create", [
    "-Q",
    "-C",
    "primary.ctx",
    "-G",
    "ecc256:ecdsa-sha256",
    "-u",
    "persist.pub",
    "-r",
    "persist.priv",
    ...(password ? ["-p", password] : []),
  ]);
  flush();
  run("tpm2_load", ["-Q", "-C", "primary.ctx", "-u", "persist.pub", "-r", "persist.priv", "-c", "persist.ctx"]);
  run("tpm2_evictcontrol", ["-Q", "-C", "o", "-c", "persist.ctx", handle]);
  flush();
};
