/**
 * Deno: `npm:` imports of the packed package and the SDK, resolved from a local node_modules
 * (`"nodeModulesDir": "manual"`, nothing downloaded), credentials from the emulator (running
 * here, under Node) passed to an SDK v3 STSClient.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { esmScript } from "../support/runtimeScripts";
import { ASSUMED_ROLE, haveRuntimes, runtimeTitle, useRuntimeProject } from "../support/runtimes";

describe.skipIf(!haveRuntimes("deno"))(runtimeTitle("Deno runs the packed package through npm: specifiers", "deno"), () => {
  const files = {
    "deno.json": JSON.stringify({ nodeModulesDir: "manual" }),
    "files.mjs": esmScript("npm:", "files"),
    "values.mjs": esmScript("npm:", "values"),
  };
  // Deno's cache inside the project and an unreachable registry: nothing may be downloaded.
  const project = useRuntimeProject("deno", files, (dir) => ({
    DENO_DIR: join(dir, ".deno"),
    DENO_NO_UPDATE_CHECK: "1",
    NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/",
  }));
  const deno = (...args: string[]) => project.run(...args);

  // Narrow permissions: read the project, reach 127.0.0.1, read the environment (RA_*, the SDK's AWS_*)
  // and the OS release (the SDK's user agent).
  const permissions = () => [`--allow-read=${project.dir}`, "--allow-net=127.0.0.1", "--allow-env", "--allow-sys=osRelease", "--no-prompt"];

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
