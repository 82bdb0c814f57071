// The classic Roles Anywhere lab, end to end: easy-rsa (or in-process) certificates, the emulator,
// fromRolesAnywhere, and real STS clients (the AWS SDK v3 and the aws CLI).
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LAB,
  LAB_ATTEMPTS,
  arnsFromConfig,
  buildLabPki,
  exportLines,
  findAwsCli,
  findEasyRsa,
  formatTable,
  isolatedAwsEnv,
  labConfig,
  labEmulatorOptions,
  readLabConfig,
  roleArn,
  runLab,
  runAttempt,
  runNoCredentials,
  trustPolicyDenial,
  type LabAttempt,
  type LabPki,
  type LabPkiKind,
} from "../../examples/lab/lab.mjs";
import { CHAINED_DURATION_MESSAGE, LAB_CHAIN, chainFailure, workloadRoleArn } from "../../examples/lab/chain.mjs";
import { botocorePython } from "../../scripts/service-models.mjs";
import { fromRolesAnywhere } from "../../src/index";
import { startEmulator } from "../../src/emulator";

const execFileAsync = promisify(execFile);
const easyrsa = await findEasyRsa();
const aws = await findAwsCli();
const lib = { fromRolesAnywhere, startEmulator } as unknown as Parameters<typeof runLab>[0]["lib"];

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const assumedRolePrefix = (role: string) => `arn:aws:sts::${LAB.accountId}:assumed-role/${role}/`;

/** A PKI and an emulator configured as in the lab, in a temp dir; stopped and removed afterwards. */
function useLab(kind: LabPkiKind) {
  const ctx = {} as { dir: string; pki: LabPki; emulator: Emulator };
  beforeAll(async () => {
    ctx.dir = await mkdtemp(join(tmpdir(), `ra-lab-${kind}-`));
    ctx.pki = await buildLabPki({ pki: kind, dir: join(ctx.dir, "pki") });
    ctx.emulator = await startEmulator({ ...labEmulatorOptions({ caPem: ctx.pki.caPem }), host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await ctx.emulator?.close();
    if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

/** The lab's way: config.json → three ARNs → fromRolesAnywhere with the certificate and key files. */
async function providerFor(ctx: ReturnType<typeof useLab>, attempt: LabAttempt) {
  const client = ctx.pki.clients[attempt.user]!;
  const file = join(ctx.dir, `config-${attempt.user}-${attempt.role}.json`);
  await writeFile(file, JSON.stringify(labConfig({ ...client, role: attempt.role })));
  const config = await readLabConfig(file);
  return fromRolesAnywhere({
    ...arnsFromConfig(config),
    certificateFile: config.certificate_file,
    privateKeyFile: config.certificate_key,
    region: config.Region,
    endpoint: ctx.emulator.url,
    maxRetries: 0,
  });
}

async function serialOf(certificateFile: string): Promise<bigint> {
  return BigInt(`0x${new X509Certificate(await readFile(certificateFile)).serialNumber}`);
}

function labOutcomes(kind: LabPkiKind, ctx: ReturnType<typeof useLab>) {
  it("used the requested PKI and wrote easy-rsa's layout", async () => {
    expect(ctx.pki.kind).toBe(kind);
    const ca = new X509Certificate(ctx.pki.caPem);
    for (const user of LAB.users) {
      const cert = new X509Certificate(await readFile(ctx.pki.clients[user]!.certificateFile));
      expect(cert.subject).toBe(`CN=${user}`);
      expect(cert.verify(ca.publicKey)).toBe(true);
    }
  });

  for (const attempt of LAB_ATTEMPTS.filter((a) => a.expected === "allowed")) {
    it(`${attempt.user} → ${attempt.role}: STS GetCallerIdentity shows the assumed role`, async () => {
      const provider = await providerFor(ctx, attempt);
      const sts = new STSClient({ region: LAB.region, endpoint: ctx.emulator.stsUrl, credentials: provider, maxAttempts: 1 });
      try {
        const who = await sts.send(new GetCallerIdentityCommand({}));
        expect(who.Account).toBe(LAB.accountId);
        expect(who.Arn?.startsWith(assumedRolePrefix(attempt.role))).toBe(true);
        // The default session name is the certificate's serial number in hex.
        const sessionName = who.Arn!.slice(assumedRolePrefix(attempt.role).length);
        expect(BigInt(`0x${sessionName}`)).toBe(await serialOf(ctx.pki.clients[attempt.user]!.certificateFile));
        expect(who.UserId).toMatch(new RegExp(`^AROA[A-Z0-9]+:${sessionName}$`));
      } finally {
        sts.destroy();
      }
    });
  }

  for (const attempt of LAB_ATTEMPTS.filter((a) => a.expected === "AccessDenied")) {
    it(`${attempt.user} → ${attempt.role}: AccessDenied (the trust policy wants CN=DavianThule)`, async () => {
      const provider = await providerFor(ctx, attempt);
      const sts = new STSClient({ region: LAB.region, endpoint: ctx.emulator.stsUrl, credentials: provider, maxAttempts: 1 });
      try {
        await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
          name: "RolesAnywhereError",
          code: "ERR_ACCESS_DENIED",
          errorType: "AccessDeniedException",
          statusCode: 403,
          serviceMessage: trustPolicyDenial(attempt.role),
        });
        expect(trustPolicyDenial(attempt.role)).toBe(`Unable to assume role for arn:aws:iam::${LAB.accountId}:role/${attempt.role}.`);
      } finally {
        sts.destroy();
      }
    });
  }

  it("attempt 2 denied for another reason (anchor disabled) is not the lab's AccessDenied", async () => {
    const attempt = LAB_ATTEMPTS.find((a) => a.expected === "AccessDenied")!;
    const { state } = ctx.emulator;
    state.setTrustAnchorEnabled(LAB.anchorId, false);
    try {
      const row = await runAttempt({ lib, emulator: ctx.emulator, attempt, pki: ctx.pki, workDir: ctx.dir });
      expect(row.actual).toBe("AccessDenied, but not by the trust policy: Untrusted signing certificate");
      expect(row.actual).not.toBe(row.expected);
    } finally {
      state.setTrustAnchorEnabled(LAB.anchorId, true);
    }
  });

  it("with no credentials anywhere, the SDK says it could not load credentials", async () => {
    const row = await runNoCredentials({ emulator: ctx.emulator, workDir: ctx.dir });
    expect(row.actual).toBe("no credentials");
    expect(row.error?.name).toBe("CredentialsProviderError");
    expect(row.error?.message).toMatch(/Could not load credentials from any providers/);
  });

  it("runLab reproduces the whole lab and its table matches", async () => {
    const lines: string[] = [];
    const outDir = await mkdtemp(join(tmpdir(), `ra-lab-run-${kind}-`));
    try {
      const result = await runLab({ lib, pki: kind, outDir, awsCli: false, log: (line) => lines.push(line) });
      expect(result.pki).toBe(kind);
      expect(result.rows.map((r) => r.actual)).toEqual(["allowed", "AccessDenied", "allowed", "allowed", "no credentials"]);
      expect(result.rows[1]!.error?.serviceMessage).toBe(trustPolicyDenial(LAB.roleOnlyThule));
      expect(result.ok).toBe(true);
      const output = lines.join("\n");
      expect(output).toContain(`PKI used: ${kind === "easyrsa" ? "easy-rsa" : "in-process"}`);
      expect(output.match(/^ {2}export AWS_ACCESS_KEY_ID="[^"]+"$/gm)).toHaveLength(3);
      expect(output.match(/^ {2}export AWS_SESSION_TOKEN="[^"]+"$/gm)).toHaveLength(3);
      expect(output).toContain(formatTable(result.rows));
      expect(output).not.toContain("MISMATCH");
      const saved = JSON.parse(await readFile(join(outDir, "config.json"), "utf8"));
      expect(Object.keys(saved).sort()).toEqual(
        ["AccountID", "AnchorID", "ProfileID", "Region", "RoleName", "certificate_file", "certificate_key"].sort(),
      );
      expect(saved.RoleName).toBe(LAB.roleAll);
      // Steps 6-15 made the roles, anchor and profile through the control plane (here the SDK
      // v3 clients, as awsCli is false), and config.json records the IDs they returned.
      expect(result.setup.via).toBe("sdk");
      expect(output).toContain("Steps 6-15, the console steps, with the AWS SDK v3 clients");
      expect(saved.AnchorID).toBe(result.setup.anchorId);
      expect(saved.ProfileID).toBe(result.setup.profileId);
      expect(saved.AnchorID).not.toBe(LAB.anchorId);
      expect(result.setup.roleArns).toEqual([roleArn(LAB.roleAll), roleArn(LAB.roleOnlyThule)]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
}

describe("lab, PCA branch (step 11's other branch: an ACM Private CA issues the users' certificates)", () => {
  it("runLab --pca: the private CA issues both users' certificates from their CSRs and the four outcomes hold", async () => {
    const lines: string[] = [];
    const outDir = await mkdtemp(join(tmpdir(), "ra-lab-pca-"));
    try {
      const result = await runLab({ lib, pki: "in-process", outDir, awsCli: false, pca: true, log: (line) => lines.push(line) });
      expect(result.rows.map((r) => r.actual)).toEqual(["allowed", "AccessDenied", "allowed", "allowed", "no credentials"]);
      expect(result.ok).toBe(true);
      expect(result.setup.caArn).toMatch(/^arn:aws:acm-pca:us-east-1:123456789012:certificate-authority\/[0-9a-f-]{36}$/);
      const ca = new X509Certificate(result.setup.caPem);
      for (const user of LAB.users) {
        const cert = new X509Certificate(await readFile(result.material.clients[user]!.certificateFile));
        expect(cert.subject).toBe(`CN=${user}`);
        expect(cert.verify(ca.publicKey)).toBe(true);
      }
      const output = lines.join("\n");
      expect(output).toContain("acm-pca CreateCertificateAuthority");
      expect(output).toContain("keys and CSRs; certificates from the ACM Private CA");
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!easyrsa)(`lab with easy-rsa certificates [needs:easyrsa]${easyrsa ? "" : " (skipped: easyrsa not installed)"}`, () => {
  const ctx = useLab("easyrsa");
  labOutcomes("easyrsa", ctx);
});

describe("lab with in-process certificates", () => {
  const ctx = useLab("in-process");
  labOutcomes("in-process", ctx);
});

describe("lab with the role-chaining step (--chain)", () => {
  it("keeps the lab's five outcomes and adds three: DavianThule reaches the workload account, GabrielAngelos is refused, two hours are refused", async () => {
    const lines: string[] = [];
    const outDir = await mkdtemp(join(tmpdir(), "ra-lab-chain-"));
    try {
      const result = await runLab({ lib, pki: "in-process", outDir, awsCli: false, chain: true, log: (line) => lines.push(line) });
      expect(result.rows.map((r) => r.actual)).toEqual([
        "allowed",
        "AccessDenied",
        "allowed",
        "allowed",
        "no credentials",
        "allowed",
        "AccessDenied",
        "ValidationError",
      ]);
      expect(result.ok).toBe(true);
      const [allowed, denied, tooLong] = result.rows.slice(5);
      expect(allowed!.arn).toBe(`arn:aws:sts::${LAB_CHAIN.workloadAccountId}:assumed-role/${LAB_CHAIN.workloadRole}/DavianThule`);
      expect(denied!.error?.message).toMatch(
        new RegExp(
          `^User: arn:aws:sts::${LAB.accountId}:assumed-role/${LAB.roleAll}/[0-9a-f]+ is not authorized to perform: sts:AssumeRole on resource: ${workloadRoleArn()}$`,
        ),
      );
      expect(tooLong!.error?.message).toBe(CHAINED_DURATION_MESSAGE);
      const output = lines.join("\n");
      expect(output).toContain(`== 6. role chaining: DavianThule → ${LAB.roleAll} → ${LAB_CHAIN.workloadRole} (expected: allowed)`);
      expect(output).toContain(formatTable(result.rows));
      const emulatorJson = JSON.parse(await readFile(join(outDir, "emulator.json"), "utf8"));
      expect(emulatorJson.roles.map((r: { name: string; accountId?: string }) => [r.name, r.accountId])).toEqual([
        [LAB.roleAll, undefined],
        [LAB.roleOnlyThule, undefined],
        [LAB_CHAIN.workloadRole, LAB_CHAIN.workloadAccountId],
      ]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it("chainFailure names only the workload trust policy's refusal AccessDenied and only the one-hour rule ValidationError", () => {
    expect(
      chainFailure({
        name: "AccessDenied",
        message: `User: x is not authorized to perform: sts:AssumeRole on resource: ${workloadRoleArn()}`,
      }),
    ).toBe("AccessDenied");
    expect(
      chainFailure({
        name: "AccessDenied",
        message: `User: x is not authorized to perform: sts:SetSourceIdentity on resource: ${workloadRoleArn()}`,
      }),
    ).toMatch(/^AccessDenied: User: x/);
    expect(chainFailure({ name: "ValidationError", message: CHAINED_DURATION_MESSAGE })).toBe("ValidationError");
    expect(chainFailure(new Error("boom"))).toBe("Error: boom");
  });
});

describe.skipIf(!aws)(`lab with the aws CLI [needs:aws]${aws ? "" : " (skipped: aws CLI not installed)"}`, () => {
  const ctx = useLab(easyrsa ? "easyrsa" : "in-process");

  async function awsGetCallerIdentity(identity?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
    const env = await isolatedAwsEnv(join(ctx.dir, "aws-env"), {
      AWS_PAGER: "",
      ...(identity
        ? {
            AWS_ACCESS_KEY_ID: identity.accessKeyId,
            AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
            AWS_SESSION_TOKEN: identity.sessionToken ?? "",
          }
        : {}),
    });
    const args = ["sts", "get-caller-identity", "--endpoint-url", ctx.emulator.stsUrl, "--region", LAB.region, "--output", "json"];
    return execFileAsync(aws!, args, { env, timeout: 60_000 });
  }

  /** Runs the lab's printed `export` lines in a POSIX shell, then the aws CLI, as a user would. */
  async function shellExportThenAws(lines: string[]) {
    const env = await isolatedAwsEnv(join(ctx.dir, "aws-env"), { AWS_PAGER: "", LAB_AWS: aws!, LAB_STS: ctx.emulator.stsUrl });
    const script = [...lines, 'exec "$LAB_AWS" sts get-caller-identity --endpoint-url "$LAB_STS" --region us-east-1 --output json'];
    return execFileAsync("sh", ["-c", script.join("\n")], { env, timeout: 60_000 });
  }

  for (const attempt of LAB_ATTEMPTS.filter((a) => a.expected === "allowed")) {
    it(`${attempt.user} → ${attempt.role}: aws sts get-caller-identity after eval of the printed export lines`, async () => {
      const identity = await (await providerFor(ctx, attempt))();
      const { stdout } = await shellExportThenAws(exportLines(identity));
      const who = JSON.parse(stdout) as { Account: string; Arn: string; UserId: string };
      expect(who.Account).toBe(LAB.accountId);
      expect(who.Arn.startsWith(assumedRolePrefix(attempt.role))).toBe(true);
    });
  }

  it("a tampered secret key is refused by the emulator's STS", async () => {
    const identity = await (await providerFor(ctx, LAB_ATTEMPTS[0]!))();
    const tampered = {
      ...identity,
      secretAccessKey: `${identity.secretAccessKey.slice(0, -1)}${identity.secretAccessKey.endsWith("A") ? "B" : "A"}`,
    };
    await expect(awsGetCallerIdentity(tampered)).rejects.toMatchObject({ stderr: expect.stringMatching(/SignatureDoesNotMatch/) });
  });

  it("runLab with the aws CLI: steps 6-15 through aws, then the CLI sees the same assumed roles as the SDK", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "ra-lab-run-aws-"));
    try {
      const lines: string[] = [];
      const result = await runLab({ lib, pki: "in-process", outDir, awsCli: true, log: (line) => lines.push(line) });
      expect(result.aws).toBe(aws);
      expect(result.ok).toBe(true);
      expect(result.setup.via).toBe("aws");
      const output = lines.join("\n");
      expect(output).toMatch(
        /^\$ aws iam create-role --role-name Lab-IAM-Anywhere-All --assume-role-policy-document file:\/\/\S+trust-policy-all\.json$/m,
      );
      expect(output).toMatch(
        /^\$ aws iam create-role --role-name Lab-IAM-Anywhere-Only-Thule --assume-role-policy-document file:\/\/\S+$/m,
      );
      expect(output).toMatch(/^\$ aws rolesanywhere create-trust-anchor --name Lab-IAM-Anywhere-Anchor --source file:\/\/\S+ --enabled$/m);
      expect(output).toMatch(/^\$ aws rolesanywhere create-profile --name Lab-IAM-Anywhere-Profile --role-arns \S+ \S+ --enabled$/m);
      expect(output).toContain(`step 12: record the trust anchor ID: ${result.setup.anchorId}`);
      const saved = JSON.parse(await readFile(join(outDir, "config.json"), "utf8"));
      expect(saved).toMatchObject({ AnchorID: result.setup.anchorId, ProfileID: result.setup.profileId });
      const allowed = result.rows.filter((r) => r.expected === "allowed");
      expect(allowed).toHaveLength(3);
      for (const row of allowed) {
        expect(row.cliArn).toBeDefined();
        expect(row.cliArn).toBe(row.arn);
      }
      expect(result.rows.at(-1)?.cliError).toMatch(/Unable to locate credentials/);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 300_000);

  it("runLab --pca with the aws CLI: the private CA's steps as aws acm-pca commands", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "ra-lab-pca-aws-"));
    try {
      const lines: string[] = [];
      const result = await runLab({ lib, pki: "in-process", outDir, awsCli: true, pca: true, log: (line) => lines.push(line) });
      expect(result.rows.map((r) => r.actual)).toEqual(["allowed", "AccessDenied", "allowed", "allowed", "no credentials"]);
      const output = lines.join("\n");
      expect(output).toMatch(/^\$ aws acm-pca create-certificate-authority --certificate-authority-type ROOT /m);
      expect(output).toMatch(
        /^\$ aws acm-pca issue-certificate .*--template-arn arn:aws:acm-pca:::template\/EndEntityClientAuthCertificate\/V1 /m,
      );
      expect(output).toMatch(/^\$ aws acm-pca import-certificate-authority-certificate /m);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 300_000);

  it("steps 6-15 through botocore (examples/lab/setup-botocore.py), then the four lab outcomes", async () => {
    const emulator = await startEmulator({ accountId: LAB.accountId, region: LAB.region });
    try {
      const env = await isolatedAwsEnv(join(ctx.dir, "aws-env"), {
        AWS_ACCESS_KEY_ID: emulator.adminCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.adminCredentials.secretAccessKey,
      });
      const script = fileURLToPath(new URL("../../examples/lab/setup-botocore.py", import.meta.url));
      const { stdout } = await execFileAsync(botocorePython() ?? "python3", [script, emulator.url, ctx.pki.caFile], {
        env,
        timeout: 120_000,
      });
      const ids = JSON.parse(stdout) as { anchorId: string; profileId: string; roleArns: string[] };
      expect(ids.roleArns).toEqual([roleArn(LAB.roleAll), roleArn(LAB.roleOnlyThule)]);
      const rows = [];
      for (const attempt of LAB_ATTEMPTS) {
        rows.push(
          await runAttempt({
            lib,
            emulator: emulator as never,
            attempt,
            pki: ctx.pki,
            workDir: ctx.dir,
            ids: { anchorId: ids.anchorId, profileId: ids.profileId },
          }),
        );
      }
      expect(rows.map((r) => r.actual)).toEqual(["allowed", "AccessDenied", "allowed", "allowed"]);
    } finally {
      await emulator.close();
    }
  }, 300_000);

  it("runLab --chain with the aws CLI: the CLI sees the workload role with the chained credentials", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "ra-lab-run-aws-chain-"));
    try {
      const result = await runLab({ lib, pki: "in-process", outDir, awsCli: true, chain: true, log: () => {} });
      expect(result.ok).toBe(true);
      const chained = result.rows[5]!;
      expect(chained.cliArn).toBe(`arn:aws:sts::${LAB_CHAIN.workloadAccountId}:assumed-role/${LAB_CHAIN.workloadRole}/DavianThule`);
      expect(chained.cliArn).toBe(chained.arn);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it("with no credentials the aws CLI says it can't find credentials", async () => {
    await expect(awsGetCallerIdentity()).rejects.toMatchObject({ stderr: expect.stringMatching(/Unable to locate credentials/) });
  });
});
