import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** True when an `openssl` binary runs. */
export const hasOpenssl = spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0;

/** The OpenSSL version line, e.g. "OpenSSL 3.0.19 27 Jan 2026". */
export const opensslVersion = hasOpenssl ? spawnSync("openssl", ["version"], { encoding: "utf8" }).stdout.trim() : "";

/** True when OpenSSL 3's legacy provider (RC2, RC4, …) loads. */
export const hasLegacyProvider =
  hasOpenssl && spawnSync("openssl", ["list", "-providers", "-provider", "legacy"], { encoding: "utf8" }).stdout.includes("legacy");

/** A temp directory removed by the returned `cleanup`. */
export const tempDir = (): { dir: string; path: (name: string) => string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), "ra-keys-"));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Runs `openssl args…` (throws with stderr on failure) and returns stdout bytes. */
export const openssl = (args: readonly string[], input?: Uint8Array | string): Buffer => {
  try {
    return execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    throw new Error(`openssl ${args.join(" ")} failed: ${stderr}`);
  }
};

/** Writes `content` to `path` and returns `path`. */
export const writeFile = (path: string, content: string | Uint8Array): string => {
  writeFileSync(path, content);
  return path;
};

/** Reads a file as bytes. */
export const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/**
 * A CA signs a CSR with `openssl x509 -req` (after `openssl req -verify` checks the requester's
 * signature, i.e. that it holds the key): a v3 client certificate valid for a year. Returns its PEM.
 */
export const issueFromCsr = (
  dir: string,
  name: string,
  csrPem: string,
  ca: { certificatePem: string; key: { privateKeyPem: string } },
): string => {
  const csr = writeFile(join(dir, `${name}.csr`), csrPem);
  openssl(["req", "-verify", "-noout", "-in", csr]);
  const caCert = writeFile(join(dir, `${name}-ca.pem`), ca.certificatePem);
  const caKey = writeFile(join(dir, `${name}-ca.key`), ca.key.privateKeyPem);
  const ext = writeFile(
    join(dir, `${name}.ext`),
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
  );
  const out = join(dir, `${name}.pem`);
  openssl([
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    caCert,
    "-CAkey",
    caKey,
    "-CAcreateserial",
    "-days",
    "365",
    "-sha256",
    "-extfile",
    ext,
    "-out",
    out,
  ]);
  return readFileSync(out, "utf8");
};
