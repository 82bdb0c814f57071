/**
 * The built bin (`dist/cli.cjs`) as a real process: exit codes, stdout/stderr separation, the AWS
 * CLI's credential_process, concurrent `update` processes and signals.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { WORKLOAD_ACCOUNT, WORKLOAD_ROLE, startHubAndWorkload } from "../support/hubAndWorkload";
import { type IdentityFiles, emulatorFlags, hasNoSecrets, makeIdentity } from "../support/cli";
import { BIN, awsCliEnv, hasAws, hasBin, runProcess } from "../support/processes";

const run = (command: string, args: string[], env: Record<string, string>, onStdout?: (text: string, kill: () => void) => void) =>
  runProcess(command, args, env, onStdout ? { onStdout: (text, child) => onStdout(text, () => child.kill("SIGTERM")) } : {});

const ROLE = "arn:aws:iam::123456789012:role/App";
let ids: IdentityFiles;
let emu: Emulator;
let sessionFlags: string[];

beforeAll(async () => {
  ids = await makeIdentity();
  emu = await startEmulator({
    trustAnchors: [{ id: "TA", name: "lab-ca", certificates: [ids.ca.certificatePem] }],
    profiles: [{ id: "PROFILE", name: "lab", roleArns: [ROLE] }],
    roles: [{ name: "App" }],
  });
  sessionFlags = ["--certificate", ids.cert, "--private-key", ids.key, ...emulatorFlags(emu, ROLE)];
});
afterAll(async () => {
  await emu?.close();
  await ids?.cleanup();
});

describe.skipIf(!hasBin)(`dist/cli.cjs as a process${hasBin ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`, () => {
  it("--version exits 0; a usage error exits 2 with nothing on stdout", async () => {
    const version = await run(process.execPath, [BIN, "--version"], {});
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const usage = await run(process.execPath, [BIN, "credential-process", "--nope"], {});
    expect(usage).toMatchObject({ code: 2, stdout: "" });
    expect(usage.stderr).toMatch(/^roles-anywhere credential-process: unknown flag --nope/);
  });

  it("credential-process prints the JSON and exits 0; a service error exits 1", async () => {
    const ok = await run(process.execPath, [BIN, "credential-process", ...sessionFlags], {});
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    const denied = await run(
      process.execPath,
      [BIN, "credential-process", ...sessionFlags.slice(0, -1), emu.url, "--role-arn", "arn:aws:iam::123456789012:role/NotInProfile"],
      {},
    );
    expect(denied).toMatchObject({ code: 1, stdout: "" });
    expect(denied.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("concurrent update processes on one credentials file keep every profile", async () => {
    const file = join(ids.dir, "credentials-procs");
    await writeFile(file, "# mine\n[keep]\nregion = eu-west-1\n");
    const profiles = ["a", "b", "c", "d"];
    const results = await Promise.all(
      profiles.map((p) =>
        run(process.execPath, [BIN, "update", ...sessionFlags, "--profile", p, "--once"], { AWS_SHARED_CREDENTIALS_FILE: file }),
      ),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# mine\n[keep]\nregion = eu-west-1\n")).toBe(true);
    for (const p of profiles)
      expect(text).toMatch(
        new RegExp(`\\[${p}\\]\\naws_access_key_id = ASIA\\w+\\naws_secret_access_key = \\S+\\naws_session_token = \\S+\\n`),
      );
  });

  it("serve stops cleanly on SIGTERM (exit 0)", async () => {
    const r = await run(process.execPath, [BIN, "serve", ...sessionFlags, "--port", "0"], {}, (out, kill) => {
      if (out.includes("\n")) kill();
    });
    expect(r.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(r.stderr).toMatch(/^Serving IMDSv2 credentials for role App at http:\/\/127\.0\.0\.1:\d+\//);
    expect(r.code).toBe(0);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });

  describe.skipIf(!hasAws)(`the AWS CLI [needs:aws]${hasAws ? "" : " (skipped: aws CLI not installed)"}`, () => {
    it("[needs:aws] credential_process = node dist/cli.cjs credential-process … makes `aws sts get-caller-identity` return the role's identity", async () => {
      const env = await awsCliEnv(ids.dir, ["credential-process", ...sessionFlags]);
      const r = await run("aws", ["sts", "get-caller-identity", "--profile", "ra", "--endpoint-url", emu.stsUrl, "--output", "json"], env);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const identity = JSON.parse(r.stdout);
      expect(identity.Account).toBe("123456789012");
      expect(identity.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/App\/[0-9a-f]+$/);
      expect(identity.UserId).toMatch(/^AROA[A-Z0-9]+:[0-9a-f]+$/);
    });

    it("[needs:aws] role chaining: a profile with source_profile = the credential_process profile and role_arn of a workload role shows the workload role", async () => {
      const env = await startHubAndWorkload();
      try {
        const dir = join(ids.dir, "chain");
        await mkdir(dir, { recursive: true });
        const cert = join(dir, "hub.crt");
        const key = join(dir, "hub.key");
        await writeFile(cert, env.leaf.certificatePem);
        await writeFile(key, env.leaf.key.privateKeyPem, { mode: 0o600 });
        const { trustAnchorArn, profileArn, roleArn } = env.init as { trustAnchorArn: string; profileArn: string; roleArn: string };
        const flags = [
          "--certificate",
          cert,
          "--private-key",
          key,
          "--trust-anchor-arn",
          trustAnchorArn,
          "--profile-arn",
          profileArn,
          "--role-arn",
          roleArn,
          "--endpoint",
          env.emulator.url,
        ];
        const config = join(dir, "aws-config");
        await writeFile(
          config,
          `[profile hub]\nregion = us-east-1\ncredential_process = ${process.execPath} ${BIN} credential-process ${flags.join(" ")}\n\n` +
            `[profile workload]\nregion = us-east-1\nsource_profile = hub\nrole_arn = ${WORKLOAD_ROLE}\nrole_session_name = cli-chain\n`,
        );
        const r = await run(
          "aws",
          ["sts", "get-caller-identity", "--profile", "workload", "--endpoint-url", env.emulator.stsUrl, "--output", "json"],
          {
            AWS_CONFIG_FILE: config,
            AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-such-credentials"),
            AWS_EC2_METADATA_DISABLED: "true",
            // The CLI's own AssumeRole call (for role_arn) does not use --endpoint-url: point it at the emulator too.
            AWS_ENDPOINT_URL_STS: env.emulator.stsUrl,
            // The CLI caches assumed-role credentials in ~/.aws/cli/cache: keep that in the test's folder.
            HOME: dir,
            AWS_PAGER: "",
          },
        );
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({
          Account: WORKLOAD_ACCOUNT,
          Arn: `arn:aws:sts::${WORKLOAD_ACCOUNT}:assumed-role/Workload/cli-chain`,
        });
        const chained = [...env.emulator.state.sessions.values()].filter((session) => session.chainedFrom !== undefined);
        expect(chained.map((session) => session.sourceIdentity)).toEqual(["CN=app"]);
      } finally {
        await env.close();
      }
    });
  });
});
