// The lab's PKI made with easy-rsa, exactly as in the classic lab:
//   easyrsa init-pki; easyrsa build-ca nopass; easyrsa build-client-full <name> nopass
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { findOnPath, isExecutable } from "./findTool.mjs";

const execFileAsync = promisify(execFile);

/** Debian's easy-rsa package installs the script here without putting it on the PATH. */
export const DEBIAN_EASYRSA = "/usr/share/easy-rsa/easyrsa";

/**
 * Finds `easyrsa` on the PATH, else at Debian's /usr/share/easy-rsa/easyrsa.
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string | undefined>} the executable's path, or undefined when not installed
 */
export async function findEasyRsa({ env = process.env } = {}) {
  return (await findOnPath("easyrsa", { env })) ?? ((await isExecutable(DEBIAN_EASYRSA)) ? DEBIAN_EASYRSA : undefined);
}

/**
 * Runs easy-rsa in batch mode with EASYRSA_PKI=<dir>: a CA without passphrase, then one client
 * certificate and key per name.
 * @param {{ easyrsa: string, dir: string, clients: string[], log?: (line: string) => void }} options
 */
export async function buildEasyRsaPki({ easyrsa, dir, clients, log = () => {} }) {
  const run = easyRsaRunner({ easyrsa, dir, log });
  await run("init-pki");
  await run("build-ca", "nopass");
  const result = {};
  for (const name of clients) {
    await run("build-client-full", name, "nopass");
    result[name] = {
      certificateFile: join(dir, "issued", `${name}.crt`),
      privateKeyFile: join(dir, "private", `${name}.key`),
    };
  }
  const caFile = join(dir, "ca.crt");
  return { kind: "easyrsa", dir, caFile, caPem: await readFile(caFile, "utf8"), clients: result };
}

/**
 * The PCA branch: easy-rsa makes only each user's key and CSR (`easyrsa gen-req <name> nopass`,
 * in reqs/<name>.req); the private CA issues the certificates into issued/<name>.crt.
 * @param {{ easyrsa: string, dir: string, clients: string[], log?: (line: string) => void }} options
 */
export async function buildEasyRsaRequests({ easyrsa, dir, clients, log = () => {} }) {
  const run = easyRsaRunner({ easyrsa, dir, log });
  await run("init-pki");
  await mkdir(join(dir, "issued"), { recursive: true });
  const result = {};
  for (const name of clients) {
    await run("gen-req", name, "nopass");
    result[name] = {
      csrFile: join(dir, "reqs", `${name}.req`),
      certificateFile: join(dir, "issued", `${name}.crt`),
      privateKeyFile: join(dir, "private", `${name}.key`),
    };
  }
  return { kind: "easyrsa", dir, clients: result };
}

function easyRsaRunner({ easyrsa, dir, log }) {
  const env = { ...process.env, EASYRSA_BATCH: "1", EASYRSA_PKI: dir };
  // easy-rsa reads a `vars` file from its own directory and from EASYRSA_PKI; keep the user's out of it.
  delete env.EASYRSA_VARS_FILE;
  const run = async (...args) => {
    log(`$ easyrsa ${args.join(" ")}`);
    try {
      await execFileAsync(easyrsa, args, { env, cwd: join(dir, ".."), maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = String(error?.stderr ?? "").trim();
      throw new Error(`easyrsa ${args.join(" ")} failed: ${stderr || error?.message}`);
    }
  };
  return run;
}
