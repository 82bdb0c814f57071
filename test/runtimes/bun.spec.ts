/**
 * Bun: the packed package with `import` and with `require()`, credentials from the emulator
 * (running here, under Node) passed to an SDK v3 STSClient, and the CLI's
 * `credential-process` run by `bun`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackedProject } from "../helpers/packedProject";
import { cjsScript, esmScript } from "./scripts";
import {
  ASSUMED_ROLE,
  type RuntimeEmulator,
  createRuntimeProject,
  credentialProcessArgs,
  haveRuntimes,
  installedRuntime,
  runtimeTitle,
  startRuntimeEmulator,
} from "./support";

describe.skipIf(!haveRuntimes("bun"))(runtimeTitle("Bun runs the packed package", "bun"), () => {
  let setup: RuntimeEmulator;
  let packed: PackedProject;
  let env: NodeJS.ProcessEnv;

  // Async: the emulator lives in this process, so its event loop must keep running.
  const bun = async (...args: string[]) =>
    (await promisify(execFile)(installedRuntime("bun")!.binary, args, { cwd: packed.dir, env, encoding: "utf8", timeout: 60_000 })).stdout;

  beforeAll(async () => {
    setup = await startRuntimeEmulator();
    packed = createRuntimeProject("ra-bun-", setup, { "use.mjs": esmScript("", "files"), "use.cjs": cjsScript("values") });
    // No auto-install and an unreachable registry: everything must come from node_modules.
    env = { PATH: process.env.PATH, HOME: packed.dir, ...setup.env, NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/", BUN_CONFIG_REGISTRY: "http://127.0.0.1:9/" };
  }, 180_000);

  afterAll(async () => {
    await setup?.emulator.close();
    packed?.remove();
  });

  it("ESM import (certificate and key files): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await bun("--no-install", "use.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^bun \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("CJS require() (certificate and key values): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await bun("--no-install", "use.cjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^bun \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("`bun roles-anywhere credential-process` prints credentials that STS accepts", async () => {
    const stdout = await bun("--no-install", "node_modules/credential-provider-roles-anywhere/dist/cli.cjs", ...credentialProcessArgs(setup));
    const output = JSON.parse(stdout) as { Version: number; AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    expect(output.Version).toBe(1);
    expect(output.AccessKeyId).toMatch(/^ASIA/);
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: setup.emulator.stsUrl,
      credentials: { accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(ASSUMED_ROLE);
    sts.destroy();
  });
});
