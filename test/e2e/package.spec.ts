/**
 * Packs the package, installs the tarball into a throw-away project, and uses it
 * both with require() and with import() to get credentials from a local endpoint.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARNS, testLeaf } from "../support/fixtures";
import { type PackedProject, createPackedProject } from "../support/packedProject";
import { type CreateSessionStub, startCreateSessionStub } from "../support/stubServers";

let packed: PackedProject;
let root: string;
let project: string;
let stub: CreateSessionStub;
let env: NodeJS.ProcessEnv;

// Async: the stub server lives in this process, so the event loop must keep running.
const run = async (file: string): Promise<string> =>
  (await promisify(execFile)(process.execPath, [file], { cwd: project, env, encoding: "utf8", timeout: 60_000 })).stdout;

beforeAll(async () => {
  packed = createPackedProject("ra-pack-");
  ({ root, dir: project } = packed);
  stub = await startCreateSessionStub();
  const leaf = await testLeaf();
  writeFileSync(join(project, "cert.pem"), leaf.certificatePem);
  writeFileSync(join(project, "key.pem"), leaf.key.privateKeyPem);
  env = { ...process.env, RA_ENDPOINT: stub.url, RA_TA: ARNS.trustAnchorArn, RA_PROFILE: ARNS.profileArn, RA_ROLE: ARNS.roleArn };
  const options = `{ trustAnchorArn: process.env.RA_TA, profileArn: process.env.RA_PROFILE, roleArn: process.env.RA_ROLE, endpoint: process.env.RA_ENDPOINT, certificateFile: "cert.pem", privateKeyFile: "key.pem" }`;
  writeFileSync(
    join(project, "use.cjs"),
    `const { fromRolesAnywhere, RolesAnywhereError } = require("credential-provider-roles-anywhere");
     const emulator = require("credential-provider-roles-anywhere/emulator");
     fromRolesAnywhere(${options})().then((c) => console.log(JSON.stringify({ key: c.accessKeyId, error: typeof RolesAnywhereError, emulator: typeof emulator.startEmulator })));`,
  );
  writeFileSync(
    join(project, "use.mjs"),
    `const { fromRolesAnywhere } = await import("credential-provider-roles-anywhere");
     const c = await fromRolesAnywhere(${options})();
     console.log(JSON.stringify({ key: c.accessKeyId, expires: c.expiration instanceof Date }));`,
  );
  const signing = (load: (name: string) => string) => `const { RolesAnywhereError } = ${load("credential-provider-roles-anywhere")};
     const { parseCertificate, sha256Hex } = ${load("credential-provider-roles-anywhere/signing")};
     let sameError = false;
     try { parseCertificate("not a certificate"); } catch (error) { sameError = error instanceof RolesAnywhereError && error.code === "ERR_INVALID_CERTIFICATE"; }
     console.log(JSON.stringify({ hash: sha256Hex(""), sameError }));`;
  writeFileSync(
    join(project, "signing.cjs"),
    signing((name) => `require("${name}")`),
  );
  writeFileSync(
    join(project, "signing.mjs"),
    signing((name) => `await import("${name}")`),
  );
}, 180_000);

afterAll(async () => {
  await stub?.close();
  packed?.remove();
});

describe("the packed tarball", () => {
  it("ships only dist and package files", () => {
    const listing = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: root, encoding: "utf8" });
    const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
    expect(files.every((path) => path.startsWith("dist/") || ["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(path))).toBe(
      true,
    );
    expect(files).toContain("dist/index.cjs");
    expect(files).toContain("dist/index.d.cts");
  });

  it("loads Node builtins with require() in the CJS build (no dynamic import for CJS-only runners)", () => {
    const cjs = readFileSync(join(root, "dist/index.cjs"), "utf8");
    expect(cjs).not.toMatch(/\bimport\(/);
    expect(cjs).toMatch(/require\(["'](node:)?https["']\)/);
  });

  it("imports no Node builtin when it loads (Workers, browsers): only lazily, inside functions", () => {
    const esm = readFileSync(join(root, "dist/index.js"), "utf8");
    const cjs = readFileSync(join(root, "dist/index.cjs"), "utf8");
    const staticEsm = [...esm.matchAll(/^import\s[^;]*?from\s+["']([^"']+)["']/gm)].map((match) => match[1]);
    const topLevelCjs = [...cjs.matchAll(/^(?:var|const|let)\s+\w+\s*=\s*require\(["']([^"']+)["']\)/gm)].map((match) => match[1]);
    for (const imports of [staticEsm, topLevelCjs]) {
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((id) => id!.startsWith("node:") || !/^[@a-z]/.test(id!))).toEqual([]);
      expect(imports.sort()).toEqual(["@smithy/property-provider"]);
    }
    // The lazy ones keep their `node:` prefix, which Workers (nodejs_compat), Deno and Bun resolve.
    expect(esm).toMatch(/import\(["']node:https["']\)/);
    expect(esm).not.toMatch(/import\(["'](https|http|fs\/promises|crypto|buffer)["']\)/);
  });

  it("works with require()", async () => {
    const out = JSON.parse(await run("use.cjs")) as { key: string; error: string; emulator: string };
    expect(out.key).toMatch(/^ASIA/);
    expect(out.error).toBe("function");
    expect(out.emulator).toBe("function");
  });

  it.each(["signing.cjs", "signing.mjs"])(
    "serves the building blocks from /signing, whose errors are the root's RolesAnywhereError (%s)",
    async (file) => {
      expect(JSON.parse(await run(file))).toEqual({
        hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        sameError: true,
      });
    },
  );

  it("works with import()", async () => {
    const out = JSON.parse(await run("use.mjs")) as { key: string; expires: boolean };
    expect(out.key).toMatch(/^ASIA/);
    expect(out.expires).toBe(true);
    expect(stub.requests.every((request) => request.signatureValid)).toBe(true);
  });
});
