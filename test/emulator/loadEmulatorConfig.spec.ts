import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB, LAB_OUT_DIR, buildLabPki, type LabPki } from "../../examples/lab/lab.mjs";
import { EmulatorState, loadEmulatorConfig, startEmulator } from "../../src/emulator";
import { RolesAnywhereError } from "../../src/errors";
import { fromRolesAnywhere } from "../../src/index";
import { startCli } from "../support/cli";
import { createTestCa, createTestCrl, type TestCert } from "../support/pki";

let ca: TestCert;
let crlPem: string;
beforeAll(async () => {
  ca = await createTestCa();
  crlPem = await createTestCrl({ issuer: ca, revokedSerials: [5n] });
});

const policy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: "sts:*" }],
};

describe("loadEmulatorConfig", () => {
  it("takes inline PEMs and policy objects, and the result starts an emulator with those ARNs", async () => {
    const options = loadEmulatorConfig(
      JSON.stringify({
        accountId: "111122223333",
        region: "eu-west-1",
        trustAnchors: [{ id: "TA", certificates: [ca.certificatePem], crls: [crlPem] }],
        profiles: [{ id: "P", roleArns: ["arn:aws:iam::111122223333:role/R"], durationSeconds: 900 }],
        roles: [{ name: "R", trustPolicy: policy, maxSessionDuration: 7200 }],
        clockSkewSeconds: 60,
      }),
    );
    expect(options.accountId).toBe("111122223333");
    expect(options.trustAnchors![0]!.crls).toEqual([{ crl: crlPem }]);
    const emu = await startEmulator(options);
    try {
      expect(emu.arns).toEqual({
        trustAnchors: { TA: "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/TA" },
        profiles: { P: "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/P" },
        roles: { R: "arn:aws:iam::111122223333:role/R" },
      });
      expect(emu.state.trustAnchors.get("TA")!.crls).toHaveLength(1);
      expect(emu.state.roles.get("R")!.maxSessionDuration).toBe(7200);
    } finally {
      await emu.close();
    }
  });

  it("reads certificate, CRL and trust-policy file paths through the injected readFile", () => {
    const files: Record<string, string> = { "ca.pem": ca.certificatePem, "crl.pem": crlPem, "policy.json": JSON.stringify(policy) };
    const read: string[] = [];
    const options = loadEmulatorConfig(
      {
        trustAnchors: [{ certificate: "ca.pem", crls: [{ id: "C1", crl: "crl.pem", enabled: false }] }],
        roles: [{ name: "R", trustPolicy: "policy.json" }],
      },
      { readFile: (p) => (read.push(p), files[p]!) },
    );
    expect(read).toEqual(["ca.pem", "crl.pem", "policy.json"]);
    expect(options.trustAnchors![0]).toEqual({ certificates: [ca.certificatePem], crls: [{ id: "C1", crl: crlPem, enabled: false }] });
    expect(options.roles![0]!.trustPolicy).toBe(JSON.stringify(policy));
  });

  it("reads a profile's attributeMappings", () => {
    const options = loadEmulatorConfig({
      profiles: [{ roleArns: [], attributeMappings: [{ certificateField: "x509Issuer", mappingRules: [{ specifier: "O" }] }] }],
    });
    expect(options.profiles![0]!.attributeMappings).toEqual([{ certificateField: "x509Issuer", mappingRules: [{ specifier: "O" }] }]);
  });

  it("reads the CreateSession quota (throttle)", () => {
    expect(loadEmulatorConfig({ throttle: { rate: 5, burst: 7 } }).throttle).toEqual({ rate: 5, burst: 7 });
    expect(loadEmulatorConfig({ throttle: {} }).throttle).toEqual({});
    expect(loadEmulatorConfig({}).throttle).toBeUndefined();
  });

  it("pins the clock with now", () => {
    const options = loadEmulatorConfig({ now: "2026-11-25T01:44:59Z" });
    expect(options.now!().toISOString()).toBe("2026-11-25T01:44:59.000Z");
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["an unknown key", { trustAnchor: [] }, /unknown key "trustAnchor"/],
    ["a file path without readFile", { trustAnchors: [{ certificates: ["ca.pem"] }] }, /no readFile/],
    ["a wrong type", { profiles: [{ roleArns: "arn" }] }, /profiles\[0\]\.roleArns must be an array/],
    ["a non-number port", { port: "80" }, /emulator config: port must be an integer from 0 to 65535/],
    ["a port above 65535", { port: 70000 }, /port must be an integer from 0 to 65535 \(0: an ephemeral port\); got 70000/],
    ["a fractional port", { port: 80.5 }, /port must be an integer from 0 to 65535/],
    ["a negative port", { port: -1 }, /port must be an integer from 0 to 65535/],
    ["a zero maxHeaderSize", { maxHeaderSize: 0 }, /emulator config: maxHeaderSize must be a positive integer/],
    ["a fractional maxHeaderSize", { maxHeaderSize: 1.5 }, /maxHeaderSize must be a positive integer/],
    ["an unknown throttle key", { throttle: { rps: 10 } }, /unknown key "throttle\.rps" \(known: rate, burst\)/],
    ["a throttle that is not an object", { throttle: 10 }, /throttle/],
  ])("refuses %s with ERR_INVALID_OPTION", (_name, input, message) => {
    const attempt = () => loadEmulatorConfig(input);
    expect(attempt).toThrow(RolesAnywhereError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTION" }));
  });
});

describe("examples/emulator/emulator.json", () => {
  const examples = new URL("../../examples/", import.meta.url);
  const committed = readFileSync(new URL("emulator/emulator.json", examples), "utf8");
  /** File references of the config (certificates, CRLs, trust policies that are not inline). */
  const fileRefs = (config: Record<string, any>): string[] =>
    [
      ...config.trustAnchors.flatMap((a: any) => [
        ...a.certificates,
        ...(a.crls ?? []).map((c: any) => (typeof c === "string" ? c : c.crl)),
      ]),
      ...config.roles.map((r: any) => r.trustPolicy).filter((p: unknown) => typeof p === "string"),
    ].filter((p: string) => !p.includes("-----BEGIN"));

  it("names the CA `npm run lab` writes (examples/lab/out/pki/ca.crt) and the lab's fixed ids; its other files are committed", () => {
    const config = JSON.parse(committed);
    const emulatorDir = fileURLToPath(new URL("emulator/", examples));
    const refs = fileRefs(config).map((p) => resolve(emulatorDir, p));
    expect(refs).toContain(join(LAB_OUT_DIR, "pki", "ca.crt"));
    for (const ref of refs.filter((r) => !r.startsWith(LAB_OUT_DIR))) expect(existsSync(ref), ref).toBe(true);
    expect(config.accountId).toBe(LAB.accountId);
    expect(config.region).toBe(LAB.region);
    expect(config.trustAnchors.map((a: { id: string }) => a.id)).toEqual([LAB.anchorId]);
    expect(config.profiles.map((p: { id: string }) => p.id)).toEqual([LAB.profileId]);
    expect(config.roles.map((r: { name: string }) => r.name)).toEqual([LAB.roleAll, LAB.roleOnlyThule]);
  });

  describe("the documented `roles-anywhere emulate --config examples/emulator/emulator.json`, after the lab's PKI is built", () => {
    let root: string;
    let pki: LabPki;
    beforeAll(async () => {
      // A copy of the repository's layout: examples/emulator/* as committed, examples/lab/out/pki as `npm run lab` builds it.
      root = await mkdtemp(join(tmpdir(), "ra-emulator-example-"));
      await cp(fileURLToPath(new URL("emulator/", examples)), join(root, "examples", "emulator"), { recursive: true });
      pki = await buildLabPki({ pki: "in-process", dir: join(root, "examples", "lab", "out", "pki") });
    });
    afterAll(async () => {
      if (root) await rm(root, { recursive: true, force: true });
    });

    it("loads with real files (paths relative to the config) and serves the lab: Thule gets Only-Thule, Gabriel is denied", async () => {
      const file = join(root, "examples", "emulator", "emulator.json");
      const options = loadEmulatorConfig(readFileSync(file, "utf8"), { readFile: (p) => readFileSync(resolve(dirname(file), p), "utf8") });
      expect(options.trustAnchors![0]!.certificates).toEqual([pki.caPem]);
      const emu = await startEmulator(options);
      try {
        expect(emu.arns.trustAnchors).toEqual({
          [LAB.anchorId]: `arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/${LAB.anchorId}`,
        });
        const provider = (user: string, role: string) =>
          fromRolesAnywhere({
            trustAnchorArn: emu.arns.trustAnchors[LAB.anchorId]!,
            profileArn: emu.arns.profiles[LAB.profileId]!,
            roleArn: emu.arns.roles[role]!,
            certificateFile: pki.clients[user]!.certificateFile,
            privateKeyFile: pki.clients[user]!.privateKeyFile,
            region: "us-east-1",
            endpoint: emu.url,
            maxRetries: 0,
          });
        const identity = await provider("DavianThule", LAB.roleOnlyThule)();
        expect(identity.accessKeyId).toMatch(/^ASIA/);
        await expect(provider("GabrielAngelos", LAB.roleOnlyThule)()).rejects.toMatchObject({
          errorType: "AccessDeniedException",
          serviceMessage: `Unable to assume role for arn:aws:iam::123456789012:role/${LAB.roleOnlyThule}.`,
        });
      } finally {
        await emu.close();
      }
    });

    it("the CLI command itself starts from the repository root and prints the lab's ARNs", async () => {
      const cli = await startCli(["emulate", "--config", "examples/emulator/emulator.json"], { cwd: root });
      const result = await cli.stop();
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { url: string; arns: { profiles: Record<string, string> } };
      expect(printed.url).toBe(cli.url);
      expect(printed.arns.profiles).toEqual({ [LAB.profileId]: `arn:aws:rolesanywhere:us-east-1:123456789012:profile/${LAB.profileId}` });
    });

    it("before `npm run lab`, says which file is missing and that paths are relative to the config", () => {
      const file = join(root, "examples", "emulator", "emulator.json");
      const read = (p: string) => readFileSync(resolve(dirname(file), p.replace("/out/", "/not-built/")), "utf8");
      expect(() => loadEmulatorConfig(readFileSync(file, "utf8"), { readFile: read })).toThrow(
        /cannot read "\.\.\/lab\/out\/pki\/ca\.crt" \(ENOENT[^)]*\); file paths are relative to the config file's folder/,
      );
    });
  });
});

const allow = {
  Effect: "Allow",
  Principal: { Service: "rolesanywhere.amazonaws.com" },
  Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
};
const withStatement = (statement: object) => ({ Version: "2012-10-17", Statement: [statement] });

describe("trust policies and profile roles are checked when added, not at request time", () => {
  it.each([
    [
      "an unknown condition operator",
      withStatement({ ...allow, Condition: { StringEqual: { "aws:PrincipalTag/x509Subject/CN": "x" } } }),
      /Statement\[0\]\.Condition has an unknown condition operator "StringEqual"/,
    ],
    [
      "a lower-case Effect",
      withStatement({ ...allow, Effect: "allow" }),
      /Statement\[0\]\.Effect must be "Allow" or "Deny" \(case-sensitive\); got "allow"/,
    ],
    ["no Statement", { Version: "2012-10-17" }, /trustPolicy has no "Statement"/],
    ["an empty Statement list", { Version: "2012-10-17", Statement: [] }, /"Statement" is empty/],
    [
      "a statement without a principal",
      withStatement({ Effect: "Allow", Action: "sts:AssumeRole" }),
      /needs exactly one of Principal and NotPrincipal/,
    ],
    [
      "a statement without an action",
      withStatement({ Effect: "Allow", Principal: { Service: "rolesanywhere.amazonaws.com" } }),
      /needs exactly one of Action and NotAction/,
    ],
    [
      "a Resource (not allowed in a trust policy)",
      withStatement({ ...allow, Resource: "*" }),
      /has a field "Resource" a trust policy cannot have/,
    ],
    [
      "an unknown principal type",
      withStatement({ ...allow, Principal: { Services: "rolesanywhere.amazonaws.com" } }),
      /unknown principal type "Services"/,
    ],
    [
      "a condition value that is an object",
      withStatement({ ...allow, Condition: { StringEquals: { "aws:SourceAccount": { a: 1 } } } }),
      /StringEquals\["aws:SourceAccount"\] must be a value/,
    ],
    ["a wrong Version", { Version: "2012-10-18", Statement: [allow] }, /Version must be "2012-10-17"/],
    ["a typo in a top-level field", { Version: "2012-10-17", Statements: [allow] }, /unknown top-level field "Statements"/],
    [
      "a partial wildcard in an AWS principal",
      withStatement({ ...allow, Principal: { AWS: "arn:aws:iam::123456789012:role/*" } }),
      /Principal\.AWS "arn:aws:iam::123456789012:role\/\*" is not "\*", an account id or an IAM\/STS ARN/,
    ],
    [
      "an AWS principal that is a role name",
      withStatement({ ...allow, Principal: { AWS: ["123456789012", "Hub"] } }),
      /Principal\.AWS "Hub" is not/,
    ],
  ])("refuses a trust policy with %s (ERR_INVALID_OPTION naming the role and the problem)", async (_name, trustPolicy, message) => {
    const attempt = startEmulator({ roles: [{ name: "R", trustPolicy }] });
    await expect(attempt).rejects.toThrow(expect.objectContaining({ name: "RolesAnywhereError", code: "ERR_INVALID_OPTION" }));
    await expect(startEmulator({ roles: [{ name: "R", trustPolicy }] })).rejects.toThrow(/^Role "R": trustPolicy /);
    await expect(startEmulator({ roles: [{ name: "R", trustPolicy: JSON.stringify(trustPolicy) }] })).rejects.toThrow(message);
  });

  it("accepts the documented policies: the default, IfExists/ForAnyValue operators (any case), a Deny, NotPrincipal/NotAction", async () => {
    const state = new EmulatorState();
    state.addRole({ name: "Default" });
    state.addRole({
      name: "Lab",
      trustPolicy: JSON.parse(readFileSync(new URL("../../examples/emulator/only-thule-trust-policy.json", import.meta.url), "utf8")),
    });
    state.addRole({
      name: "Fancy",
      trustPolicy: {
        Version: "2012-10-17",
        Id: "x",
        Statement: [
          {
            Sid: "a",
            ...allow,
            Condition: {
              "ForAnyValue:StringLikeIfExists": { "aws:PrincipalTag/x509Subject/OU": ["a*", "b"] },
              bool: { "aws:x": true },
              NumericLessThan: { "aws:EpochTime": 5 },
            },
          },
          { Effect: "Deny", NotPrincipal: "*", NotAction: "sts:TagSession" },
        ],
      },
    });
    state.addRole({ name: "Single", trustPolicy: { Statement: allow } });
    expect([...state.roles.keys()]).toEqual(["Default", "Lab", "Fancy", "Single"]);
  });

  it.each([
    ["a role name, not an ARN", "Lab-IAM-Anywhere-All"],
    ["a user ARN", "arn:aws:iam::123456789012:user/alice"],
    ["a trust anchor ARN", "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/TA"],
    ["an ARN with a short account", "arn:aws:iam::1234:role/R"],
    ["a wildcard", "arn:aws:iam::123456789012:role/*"],
  ])("refuses a profile whose roleArns hold %s", async (_name, arn) => {
    await expect(startEmulator({ profiles: [{ id: "P", roleArns: [arn] }] })).rejects.toThrow(
      expect.objectContaining({
        code: "ERR_INVALID_OPTION",
        message: `Profile "P": roleArns: ${JSON.stringify(arn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<path/>name).`,
      }),
    );
  });

  it("accepts AWS principals: an account id, the account root, role, user and assumed-role ARNs, '*'", () => {
    const aws = [
      "123456789012",
      "arn:aws:iam::123456789012:root",
      "arn:aws:iam::123456789012:role/path/Hub",
      "arn:aws:iam::123456789012:user/alice",
      "arn:aws:sts::123456789012:assumed-role/Hub/session",
      "*",
    ];
    expect(new EmulatorState().addRole({ name: "R", trustPolicy: withStatement({ ...allow, Principal: { AWS: aws } }) }).name).toBe("R");
  });

  it("puts a role in another account with accountId (from JSON too), and refuses a malformed one", () => {
    const state = new EmulatorState({ accountId: "111111111111" });
    expect(state.addRole({ name: "Home" }).arn).toBe("arn:aws:iam::111111111111:role/Home");
    const options = loadEmulatorConfig({ roles: [{ name: "Workload", accountId: "222222222222", path: "/team/" }] });
    expect(state.addRole(options.roles![0]!).arn).toBe("arn:aws:iam::222222222222:role/team/Workload");
    expect(state.findRole("arn:aws:iam::222222222222:role/team/Workload")?.name).toBe("Workload");
    expect(() => state.addRole({ name: "Bad", accountId: "2222" })).toThrow(/^Role "Bad": accountId must be 12 digits; got "2222"\.$/);
    expect(() => loadEmulatorConfig({ roles: [{ name: "Bad", accountId: 222222222222 }] })).toThrow(
      /roles\[0\]\.accountId must be a string/,
    );
  });

  it("accepts role ARNs with a path and in other partitions", () => {
    const state = new EmulatorState();
    const roleArns = [
      "arn:aws:iam::123456789012:role/lab/team/App",
      "arn:aws-cn:iam::123456789012:role/App",
      "arn:aws-us-gov:iam::123456789012:role/App",
    ];
    expect(state.addProfile({ id: "P", roleArns }).roleArns).toEqual(roleArns);
  });
});

describe("startEmulator listen options", () => {
  it.each([
    ["port", { port: 65536 }, /^port must be an integer from 0 to 65535 \(0: an ephemeral port\); got 65536\.$/],
    ["port", { port: 1.5 }, /^port must be an integer/],
    ["port", { port: Number.NaN }, /^port must be an integer/],
    ["maxHeaderSize", { maxHeaderSize: 0 }, /^maxHeaderSize must be a positive integer number of bytes \(default 65536\); got 0\.$/],
    ["maxHeaderSize", { maxHeaderSize: -5 }, /^maxHeaderSize must be a positive integer/],
  ])("refuses a bad %s with ERR_INVALID_OPTION (not ERR_SOCKET_BAD_PORT)", async (_name, options, message) => {
    await expect(startEmulator(options)).rejects.toThrow(
      expect.objectContaining({ name: "RolesAnywhereError", code: "ERR_INVALID_OPTION" }),
    );
    await expect(startEmulator(options)).rejects.toThrow(message);
  });
});

describe("startEmulator option checks", () => {
  it.each([
    ["a profile duration out of range", { profiles: [{ roleArns: [], durationSeconds: 100 }] }, /900 to 43200/],
    ["a bad account id", { accountId: "12" }, /12 digits/],
    ["three anchor certificates", "three", /at most 2/],
    ["a trust anchor without a certificate", { trustAnchors: [{ certificates: "nope" }] }, /no certificate found/],
    [
      "an unknown mapping field",
      { profiles: [{ roleArns: [], attributeMappings: [{ certificateField: "x509Foo", mappingRules: [] }] }] },
      /certificateField/,
    ],
    ["a trust policy that is not JSON", { roles: [{ name: "R", trustPolicy: "{nope" }] }, /not valid JSON/],
  ])("refuses %s", async (_name, options, message) => {
    const opts =
      options === "three" ? { trustAnchors: [{ certificates: [ca.certificatePem, ca.certificatePem, ca.certificatePem] }] } : options;
    await expect(startEmulator(opts as never)).rejects.toThrow(message);
  });
});
