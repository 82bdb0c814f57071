/**
 * Node 26 (current): a smoke suite on the packed package — ESM and CJS consumers, the CLI's
 * `credential-process`, and the emulator itself running under Node 26. Node 22 and 24 run
 * the whole suite instead (see `.ci/run`).
 */
import { describe, expect, it } from "vitest";
import { cjsScript, esmScript } from "../support/runtimeScripts";
import { ASSUMED_ROLE, credentialProcessArgs, haveRuntimes, runtimeTitle, useRuntimeProject } from "../support/runtimes";

/** Starts the packed package's emulator under the runtime that runs it, and uses it with the SDK. */
const EMULATOR_SCRIPT = `
import { readFileSync } from "node:fs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromRolesAnywhere } from "credential-provider-roles-anywhere";
import { startEmulator } from "credential-provider-roles-anywhere/emulator";
const emulator = await startEmulator({
  trustAnchors: [{ id: "TA", certificates: readFileSync("ca.pem", "utf8") }],
  profiles: [{ id: "P", roleArns: ["arn:aws:iam::123456789012:role/runtime"] }],
  roles: [{ name: "runtime" }],
});
try {
  const credentials = fromRolesAnywhere({
    trustAnchorArn: emulator.arns.trustAnchors.TA, profileArn: emulator.arns.profiles.P, roleArn: emulator.arns.roles.runtime,
    certificate: readFileSync("cert.pem", "utf8"), privateKey: readFileSync("key.pem", "utf8"), endpoint: emulator.url,
  });
  const sts = new STSClient({ region: "us-east-1", endpoint: emulator.stsUrl, credentials });
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  console.log(JSON.stringify({ arn: identity.Arn, runtime: "node " + process.version }));
} finally {
  await emulator.close();
}
`;

describe.skipIf(!haveRuntimes("node26"))(runtimeTitle("Node 26 smoke suite on the packed package", "node26"), () => {
  const project = useRuntimeProject("node26", {
    "use.mjs": esmScript("", "files"),
    "use.cjs": cjsScript("values"),
    "emulator.mjs": EMULATOR_SCRIPT,
  });
  const node26 = (...args: string[]) => project.run(...args);

  it("ESM import (certificate and key files): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await node26("use.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^node v26\./);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("CJS require() (certificate and key values): GetCallerIdentity through STSClient", async () => {
    const out = JSON.parse(await node26("use.cjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^node v26\./);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });

  it("the CLI's credential-process prints credential_process JSON", async () => {
    const output = JSON.parse(
      await node26("node_modules/credential-provider-roles-anywhere/dist/cli.cjs", ...credentialProcessArgs(project.setup)),
    ) as Record<string, unknown>;
    expect(output.Version).toBe(1);
    expect(output.AccessKeyId).toMatch(/^ASIA/);
    expect(Date.parse(String(output.Expiration))).toBeGreaterThan(Date.now());
  });

  it("the emulator runs under Node 26 too", async () => {
    const out = JSON.parse(await node26("emulator.mjs")) as { arn: string; runtime: string };
    expect(out.runtime).toMatch(/^node v26\./);
    expect(out.arn).toMatch(ASSUMED_ROLE);
  });
});
