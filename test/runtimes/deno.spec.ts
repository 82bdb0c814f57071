/**
 * Deno: `npm:` imports of the packed package and the SDK, resolved from a local node_modules
 * (`"nodeModulesDir": "manual"`, nothing downloaded), credentials from the emulator (running
 * here, under Node) passed to an SDK v3 STSClient.
 */
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackedProject } from "../helpers/packedProject";
import { esmScript } from "./scripts";
import { ASSUMED_ROLE, type RuntimeEmulator, createRuntimeProject, haveRuntimes, installedRuntime, runtimeTitle, startRuntimeEmulator } from "./support";

describe.skipIf(!haveRuntimes("deno"))(runtimeTitle("Deno runs the packed package through npm: specifiers", "deno"), () => {
  let setup: RuntimeEmulator;
  let packed: PackedProject;
  let env: NodeJS.ProcessEnv;

  // Async: the emulator lives in this process, so its event loop must keep running.
  const deno = async (...args: string[]) =>
    (await promisify(execFile)(installedRuntime("deno")!.binary, args, { cwd: packed.dir, env, encoding: "utf8", timeout: 90_000 })).stdout;

  beforeAll(async () => {
    setup = await startRuntimeEmulator();
    packed = createRuntimeProject("ra-deno-", setup, {
      "deno.json": JSON.stringify({ nodeModulesDir: "manual" }),
      "files.mjs": esmScript("npm:", "files"),
      "values.mjs": esmScript("npm:", "values"),
    });
    mkdirSync(join(packed.dir, ".deno"));
    // Deno's cache inside the project and an unreachable registry: nothing may be downloaded.
    env = { PATH: process.env.PATH, HOME: packed.dir, DENO_DIR: join(packed.dir, ".deno"), DENO_NO_UPDATE_CHECK: "1", NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/", ...setup.env };
  }, 180_000);

  afterAll(async () => {
    await setup?.emulator.close();
    packed?.remove();
  });

  // Narrow permissions: read the project, reach 127.0.0.1, read the environment (RA_*, the SDK's AWS_*)
  // and the OS release (the SDK's user agent).
  const permissions = () => [`--allow-read=${packed.dir}`, "--allow-net=127.0.0.1", "--allow-env", "--allow-sys=osRelease", "--no-prompt"];

  it("certificate and key files: GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await deno("run", ...permissions(), "files.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^deno \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("certificate and key values: GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await deno("run", ...permissions(), "values.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^deno \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });
});
