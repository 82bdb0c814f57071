/**
 * Bun: the packed package with `import` and with `require()`, credentials from the emulator
 * (running here, under Node) passed to an SDK v3 STSClient, and the CLI's
 * `credential-process` run by `bun`.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { cjsScript, esmScript } from "../support/runtimeScripts";
import { ASSUMED_ROLE, credentialProcessArgs, haveRuntimes, runtimeTitle, useRuntimeProject } from "../support/runtimes";

describe.skipIf(!haveRuntimes("bun"))(runtimeTitle("Bun runs the packed package", "bun"), () => {
  // No auto-install and an unreachable registry: everything must come from node_modules.
  const project = useRuntimeProject("bun", { "use.mjs": esmScript("", "files"), "use.cjs": cjsScript("values") }, () => ({
    NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/",
    BUN_CONFIG_REGISTRY: "http://127.0.0.1:9/",
  }));
  const bun = (...args: string[]) => project.run("--no-install", ...args);

  it("ESM import (certificate and key files): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await bun("use.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^bun \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("CJS require() (certificate and key values): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await bun("use.cjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^bun \d+\.\d+/);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("`bun roles-anywhere credential-process` prints credentials that STS accepts", async () => {
    const stdout = await bun("node_modules/credential-provider-roles-anywhere/dist/cli.cjs", ...credentialProcessArgs(project.setup));
    const output = JSON.parse(stdout) as {
      Version: number;
      AccessKeyId: string;
      SecretAccessKey: string;
      SessionToken: string;
      Expiration: string;
    };
    expect(output.Version).toBe(1);
    expect(output.AccessKeyId).toMatch(/^ASIA/);
    const sts = new STSClient({
      region: "us-east-1",
      endpoint: project.setup.emulator.stsUrl,
      credentials: { accessKeyId: output.AccessKeyId, secretAccessKey: output.SecretAccessKey, sessionToken: output.SessionToken },
    });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(ASSUMED_ROLE);
    sts.destroy();
  });
});
