/**
 * Packs the package from a fresh copy of the repository (no dist/: the `prepack` script must
 * build it), installs the tarball into a throw-away project, and uses it both with require() and
 * with import() to get credentials from a local endpoint.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARNS, testLeaf } from "../support/fixtures";
import { type PackedProject, createPackedProject } from "../support/packedProject";
import { type CreateSessionStub, startCreateSessionStub } from "../support/stubServers";

let packed: PackedProject;
let root: string;
let project: string;
let clone: string;
let tarballFiles: readonly string[];
let stub: CreateSessionStub;
let env: NodeJS.ProcessEnv;

// Async: the stub server lives in this process, so the event loop must keep running.
const run = async (file: string): Promise<string> =>
  (await promisify(execFile)(process.execPath, [file], { cwd: project, env, encoding: "utf8", timeout: 60_000 })).stdout;

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What a fresh clone holds: the tracked files (and new, not ignored ones), no dist/; node_modules linked. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "ra-clone-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  for (const path of files.split("\0").filter(Boolean)) {
    try {
      cpSync(join(repoRoot, path), join(dir, path));
    } catch {
      // listed but deleted in the work tree
    }
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

beforeAll(async () => {
  clone = freshCopy();
  packed = createPackedProject("ra-pack-", [], clone);
  ({ root, dir: project, tarballFiles } = packed);
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
  // One error from each build (ESM, CJS) and each entry (root, signing, emulator), checked against both classes.
  writeFileSync(
    join(project, "errors.mjs"),
    `import { createRequire } from "node:module";
     import * as esm from "credential-provider-roles-anywhere";
     import * as esmSigning from "credential-provider-roles-anywhere/signing";
     import * as esmEmulator from "credential-provider-roles-anywhere/emulator";
     const require = createRequire(import.meta.url);
     const cjs = require("credential-provider-roles-anywhere");
     const cjsSigning = require("credential-provider-roles-anywhere/signing");
     const cjsEmulator = require("credential-provider-roles-anywhere/emulator");
     const caught = async (f) => { try { await f(); } catch (error) { return error; } throw new Error("did not throw"); };
     const errors = {
       esmMain: await caught(() => esm.fromRolesAnywhere({})()),
       esmSigning: await caught(() => esmSigning.validateArn("roleArn", "not-an-arn")),
       esmEmulator: await caught(() => esmEmulator.startEmulator({ port: 99999 })),
       cjsMain: await caught(() => cjs.fromRolesAnywhere({})()),
       cjsSigning: await caught(() => cjsSigning.validateArn("roleArn", "not-an-arn")),
       cjsEmulator: await caught(() => cjsEmulator.startEmulator({ port: 99999 })),
     };
     const builds = { esm, cjs };
     const result = {};
     for (const [from, error] of Object.entries(errors)) {
       for (const [name, build] of Object.entries(builds)) {
         result[from + "->" + name] = [error instanceof build.RolesAnywhereError, build.isRolesAnywhereError(error), build.isRolesAnywhereError(error, error.code), error.code];
       }
     }
     result.sameClassEsm = [errors.esmMain, errors.esmSigning, errors.esmEmulator].every((error) => error.constructor === esm.RolesAnywhereError);
     result.sameClassCjs = [errors.cjsMain, errors.cjsSigning, errors.cjsEmulator].every((error) => error.constructor === cjs.RolesAnywhereError);
     console.log(JSON.stringify(result));`,
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
  if (clone) rmSync(clone, { recursive: true, force: true });
});

/**
 * The packages an entry of dist/ loads when it is loaded: its static imports, and those of the
 * shared chunks it loads statically (followed), sorted and without repeats.
 */
const staticImports = (entry: string, find: (text: string) => RegExpMatchArray[]): string[] => {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of find(readFileSync(join(root, "dist", file), "utf8"))) {
      const id = match[1]!;
      if (id.startsWith("./")) visit(id.slice(2));
      else packages.add(id);
    }
  };
  visit(entry);
  return [...packages].sort();
};

describe("the packed tarball", () => {
  it("packed from a fresh clone (no dist/), ships the built CLI, both builds and their types", () => {
    expect(readdirSync(clone)).toContain("dist"); // built by prepack
    for (const entry of ["index", "signing", "emulator"]) {
      for (const ext of [".js", ".cjs", ".d.ts", ".d.cts"]) expect(tarballFiles).toContain(`dist/${entry}${ext}`);
    }
    for (const file of ["dist/cli.cjs"]) {
      expect(tarballFiles).toContain(file);
    }
  });

  it("ships only dist and package files, the license included", () => {
    expect(tarballFiles).toContain("LICENSE");
    expect(tarballFiles).toContain("README.md");
    expect(
      tarballFiles.every((path) => path.startsWith("dist/") || ["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(path)),
    ).toBe(true);
  });

  it("loads Node builtins and its lazy chunks with require() in the CJS build (no dynamic import for CJS-only runners)", () => {
    const installed = join(project, "node_modules", "credential-provider-roles-anywhere", "dist");
    const files = readdirSync(installed).filter((name) => name.endsWith(".cjs") && name !== "cli.cjs");
    expect(files).toContain("index.cjs");
    const cjs = files.map((name) => readFileSync(join(installed, name), "utf8")).join("\n");
    expect(cjs).not.toMatch(/\bimport\(/);
    expect(cjs).toMatch(/require\(["'](node:)?https["']\)/);
  });

  it("imports no Node builtin when it loads (Workers, browsers): only lazily, inside functions", () => {
    // The ESM build's code, shared chunks included (the lazy imports sit where their code went).
    const esm = readdirSync(join(root, "dist"))
      .filter((name) => name.endsWith(".js"))
      .map((name) => readFileSync(join(root, "dist", name), "utf8"))
      .join("\n");
    const staticEsm = staticImports("index.js", (text) => [...text.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?["']([^"']+)["']/gm)]);
    const topLevelCjs = staticImports("index.cjs", (text) => [
      ...text.matchAll(/^(?:(?:var|const|let)\s+\w+\s*=\s*)?(?:__toESM\()?require\(["']([^"']+)["']\)/gm),
    ]);
    for (const imports of [staticEsm, topLevelCjs]) {
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((id) => id.startsWith("node:") || !/^[@a-z]/.test(id))).toEqual([]);
      expect(imports).toEqual(["@aws-crypto/sha256-js", "@smithy/property-provider", "asn1js"]);
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

  it("one error class per build, shared by the root, signing and emulator entries; instanceof and the guard work across ESM and CJS", async () => {
    const out = JSON.parse(await run("errors.mjs")) as Record<string, unknown>;
    expect(out.sameClassEsm).toBe(true);
    expect(out.sameClassCjs).toBe(true);
    const pairs = Object.entries(out).filter(([key]) => key.includes("->"));
    expect(pairs).toHaveLength(12);
    for (const [pair, [isInstance, guard, guardWithCode, code]] of pairs as [string, [boolean, boolean, boolean, string]][]) {
      expect({ pair, isInstance, guard, guardWithCode }).toEqual({ pair, isInstance: true, guard: true, guardWithCode: true });
      expect(code).toMatch(/^ERR_INVALID_(ARN|OPTION)$/);
    }
  });

  it.each([
    ["node10", "commonjs", ["consumer.ts"]],
    ["node16", "node16", ["consumer.cts", "consumer.mts"]],
    ["nodenext", "nodenext", ["consumer.cts", "consumer.mts"]],
    ["bundler", "esnext", ["consumer.ts"]],
  ])("its types, every entry point, resolve with moduleResolution %s", async (resolution, module, files) => {
    const consumer = [
      'import { fromRolesAnywhere, isRolesAnywhereError } from "credential-provider-roles-anywhere";',
      'import { startEmulator, type Emulator } from "credential-provider-roles-anywhere/emulator";',
      'import { parseCertificate } from "credential-provider-roles-anywhere/signing";',
      "export const parse: typeof parseCertificate = parseCertificate;",
      "export const provider: typeof fromRolesAnywhere = fromRolesAnywhere;",
      "export const guard: (value: unknown) => boolean = isRolesAnywhereError;",
      "export const start: (...args: Parameters<typeof startEmulator>) => Promise<Emulator> = startEmulator;",
      "",
    ].join("\n");
    for (const file of files) writeFileSync(join(project, file), consumer);
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const args = [
      tsc,
      "--noEmit",
      "--strict",
      "--target",
      "es2022",
      "--moduleResolution",
      resolution,
      "--module",
      module,
      "--typeRoots",
      join(root, "node_modules", "@types"),
      "--types",
      "node",
      ...files,
    ];
    const result = await promisify(execFile)(process.execPath, args, { cwd: project, encoding: "utf8", timeout: 120_000 }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe("");
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
