// The lab's building blocks that need no emulator: config.json → ARNs, the PKI builders, the table.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LAB,
  LAB_ATTEMPTS,
  arnsFromConfig,
  buildLabPki,
  exportLines,
  failedOutcome,
  findEasyRsa,
  formatTable,
  isolatedAwsEnv,
  labConfig,
  labEmulatorOptions,
  readLabConfig,
  stepByStepHint,
  trustPolicyDenial,
  type LabPkiKind,
} from "../../examples/lab/lab.mjs";
import { DIST_ENTRIES, distStatus } from "../../scripts/dist-status.mjs";

const easyrsa = await findEasyRsa();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ra-lab-helpers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("lab config.json", () => {
  it("builds the three ARNs the way the classic lab script does", () => {
    const config = labConfig({ certificateFile: "c.crt", privateKeyFile: "k.key", role: LAB.roleOnlyThule });
    expect(arnsFromConfig(config)).toEqual({
      trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/${LAB.anchorId}`,
      profileArn: `arn:aws:rolesanywhere:us-east-1:123456789012:profile/${LAB.profileId}`,
      roleArn: "arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-Only-Thule",
    });
  });

  it("refuses a config with a missing key, naming it", () => {
    const config = { ...labConfig({ certificateFile: "c", privateKeyFile: "k", role: "R" }), ProfileID: "" };
    expect(() => arnsFromConfig(config)).toThrow(/"ProfileID" is missing/);
  });

  it("resolves relative certificate paths against the config file's directory", async () => {
    const file = join(dir, "config.json");
    await writeFile(file, JSON.stringify(labConfig({ certificateFile: "pki/a.crt", privateKeyFile: "/abs/a.key", role: "R" })));
    const config = await readLabConfig(file);
    expect(config.certificate_file).toBe(join(dir, "pki/a.crt"));
    expect(config.certificate_key).toBe("/abs/a.key");
  });

  it("the committed examples/lab/config.json matches the lab's fixed IDs", async () => {
    const committed = JSON.parse(await readFile(new URL("../../examples/lab/config.json", import.meta.url), "utf8"));
    expect(committed.AnchorID).toBe(LAB.anchorId);
    expect(committed.ProfileID).toBe(LAB.profileId);
    expect(committed.AccountID).toBe(LAB.accountId);
    expect(committed.Region).toBe(LAB.region);
    expect([LAB.roleAll, LAB.roleOnlyThule]).toContain(committed.RoleName);
  });
});

describe("lab emulator setup", () => {
  it("has one anchor with the CA, a profile with both roles and the two trust policies", () => {
    const options = labEmulatorOptions({ caPem: "PEM" });
    expect(options.trustAnchors).toEqual([expect.objectContaining({ id: LAB.anchorId, certificates: ["PEM"], enabled: true })]);
    expect(options.profiles[0].roleArns).toEqual([
      "arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-All",
      "arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-Only-Thule",
    ]);
    const [all, thule] = options.roles;
    for (const role of [all, thule]) {
      const [statement] = role.trustPolicy.Statement;
      expect(statement.Principal).toEqual({ Service: "rolesanywhere.amazonaws.com" });
      expect(statement.Action).toEqual(["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]);
    }
    expect(all.trustPolicy.Statement[0].Condition).toBeUndefined();
    expect(thule.trustPolicy.Statement[0].Condition).toEqual({
      StringEquals: { "aws:PrincipalTag/x509Subject/CN": "DavianThule" },
    });
  });

  it("lists the four attempts with the lab's expected outcomes", () => {
    expect(LAB_ATTEMPTS.map((a) => `${a.user}/${a.role}/${a.expected}`)).toEqual([
      "GabrielAngelos/Lab-IAM-Anywhere-All/allowed",
      "GabrielAngelos/Lab-IAM-Anywhere-Only-Thule/AccessDenied",
      "DavianThule/Lab-IAM-Anywhere-Only-Thule/allowed",
      "DavianThule/Lab-IAM-Anywhere-All/allowed",
    ]);
  });
});

describe("lab output", () => {
  it("prints the three export lines", () => {
    expect(exportLines({ accessKeyId: "ASIAEXAMPLE", secretAccessKey: "sec", sessionToken: "tok" })).toEqual([
      'export AWS_ACCESS_KEY_ID="ASIAEXAMPLE"',
      'export AWS_SECRET_ACCESS_KEY="sec"',
      'export AWS_SESSION_TOKEN="tok"',
    ]);
  });

  it("marks mismatches in the expected-vs-actual table", () => {
    const table = formatTable([
      { user: "GabrielAngelos", role: LAB.roleAll, expected: "allowed", actual: "allowed" },
      { user: "GabrielAngelos", role: LAB.roleOnlyThule, expected: "AccessDenied", actual: "allowed" },
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^#\s+certificate\s+role\s+expected\s+actual\s+check$/);
    expect(lines[2]).toMatch(/allowed\s+allowed\s+ok$/);
    expect(lines[3]).toMatch(/AccessDenied\s+allowed\s+MISMATCH$/);
  });

  it("isolates the AWS environment: no AWS_* variables, empty config files, IMDS off", async () => {
    const saved = process.env.AWS_ACCESS_KEY_ID;
    process.env.AWS_ACCESS_KEY_ID = "AKIAFROMOUTSIDE";
    try {
      const env = await isolatedAwsEnv(join(dir, "env"), { AWS_REGION: "us-east-1" });
      expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
      expect(env.AWS_EC2_METADATA_DISABLED).toBe("true");
      expect(env.AWS_REGION).toBe("us-east-1");
      expect(await readFile(env.AWS_CONFIG_FILE!, "utf8")).toBe("");
      expect(await readFile(env.AWS_SHARED_CREDENTIALS_FILE!, "utf8")).toBe("");
    } finally {
      if (saved === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved;
    }
  });
});

function pkiChecks(kind: LabPkiKind) {
  it("writes a CA and one certificate and key per user in easy-rsa's layout", async () => {
    const pki = await buildLabPki({ pki: kind, dir: join(dir, kind, "pki") });
    expect(pki.kind).toBe(kind);
    expect(pki.caFile).toBe(join(dir, kind, "pki", "ca.crt"));
    const ca = new X509Certificate(await readFile(pki.caFile));
    expect(ca.ca).toBe(true);
    expect(pki.caPem).toContain("-----BEGIN CERTIFICATE-----");
    for (const user of LAB.users) {
      const { certificateFile, privateKeyFile } = pki.clients[user]!;
      expect(certificateFile).toBe(join(dir, kind, "pki", "issued", `${user}.crt`));
      expect(privateKeyFile).toBe(join(dir, kind, "pki", "private", `${user}.key`));
      const cert = new X509Certificate(await readFile(certificateFile));
      expect(cert.subject).toBe(`CN=${user}`);
      expect(cert.ca).toBe(false);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(await readFile(privateKeyFile)))).toBe(true);
      expect(cert.publicKey.asymmetricKeyType).toBe("rsa");
    }
  });
}

describe("in-process lab PKI", () => {
  pkiChecks("in-process");
});

describe.skipIf(!easyrsa)(`easy-rsa lab PKI [needs:easyrsa]${easyrsa ? "" : " (skipped: easyrsa not installed)"}`, () => {
  pkiChecks("easyrsa");
});

describe("lab PKI when easy-rsa is not installed", () => {
  const notInstalled = async () => undefined;

  it("auto falls back to the in-process PKI and says so", async () => {
    const lines: string[] = [];
    const pki = await buildLabPki({ dir: join(dir, "fallback", "pki"), find: notInstalled, log: (l) => lines.push(l) });
    expect(pki.kind).toBe("in-process");
    expect(lines.join("\n")).toMatch(/PKI: in-process .*easy-rsa not installed/);
  });

  it("refuses pki=easyrsa with a message saying how to install it", async () => {
    await expect(buildLabPki({ pki: "easyrsa", dir: join(dir, "none", "pki"), find: notInstalled })).rejects.toThrow(
      /easyrsa is not installed \(Debian: apt-get install easy-rsa\)/,
    );
  });
});

describe("findEasyRsa", () => {
  it("prefers easyrsa on the PATH", async () => {
    const bin = join(dir, "bin");
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, "easyrsa"), "#!/bin/sh\n", { mode: 0o755 });
    expect(await findEasyRsa({ env: { PATH: bin } })).toBe(join(bin, "easyrsa"));
  });
});

describe("lab outcome of a failed attempt", () => {
  const denied = (serviceMessage: string) => ({
    name: "RolesAnywhereError",
    code: "ERR_ACCESS_DENIED",
    errorType: "AccessDeniedException",
    statusCode: 403,
    serviceMessage,
    message: `AccessDeniedException (HTTP 403): ${serviceMessage}`,
  });

  it("is AccessDenied only for the trust policy's denial of that role", () => {
    expect(trustPolicyDenial(LAB.roleOnlyThule)).toBe(
      "Unable to assume role for arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-Only-Thule.",
    );
    expect(failedOutcome(denied(trustPolicyDenial(LAB.roleOnlyThule)), LAB.roleOnlyThule)).toBe("AccessDenied");
  });

  it.each([
    ["an untrusted certificate", "Untrusted signing certificate"],
    ["a role missing from the profile", "Requested Role isn't one of those listed in the Profile."],
    ["the denial of another role", "Unable to assume role for arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-All."],
    [
      "a tag-mapping failure",
      "Unable to assume role for arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-Only-Thule. Some attributes failed to be mapped into session tags. Issuer: []; Subject: [CN]; SAN: []",
    ],
  ])("is a mismatch for any other AccessDenied: %s", (_name, message) => {
    const outcome = failedOutcome(denied(message), LAB.roleOnlyThule);
    expect(outcome).toBe(`AccessDenied, but not by the trust policy: ${message}`);
    expect(outcome).not.toBe("AccessDenied");
  });

  it("is an error for anything that is not AccessDenied", () => {
    expect(failedOutcome(new Error("connect ECONNREFUSED"), LAB.roleOnlyThule)).toBe("error: connect ECONNREFUSED");
  });
});

describe("the build check of run-lab, prepare and the test setup (scripts/dist-status.mjs)", () => {
  async function fakeRepo(name: string, distFiles: readonly string[]) {
    const root = join(dir, "repo", name);
    await mkdir(join(root, "src", "node"), { recursive: true });
    await mkdir(join(root, "dist"), { recursive: true });
    await writeFile(join(root, "src", "node", "cli.ts"), "");
    for (const f of distFiles) await writeFile(join(root, "dist", f), "");
    const old = new Date(Date.UTC(2026, 0, 1));
    const newer = new Date(Date.UTC(2026, 0, 2));
    await utimes(join(root, "src", "node", "cli.ts"), old, old);
    for (const f of distFiles) await utimes(join(root, "dist", f), newer, newer);
    return root;
  }

  it("needs the CLI bundle too", () => {
    expect(DIST_ENTRIES).toEqual(["index.js", "emulator.js", "cli.cjs"]);
  });

  it("is missing without dist/cli.cjs, fresh with all three built after src/", async () => {
    expect(distStatus(await fakeRepo("no-cli", ["index.js", "emulator.js"]))).toBe("missing");
    expect(distStatus(await fakeRepo("all", ["index.js", "emulator.js", "cli.cjs"]))).toBe("fresh");
  });

  it("is stale when a source file is newer than dist/cli.cjs", async () => {
    const root = await fakeRepo("stale-cli", ["index.js", "emulator.js", "cli.cjs"]);
    const older = new Date(Date.UTC(2025, 11, 31));
    await utimes(join(root, "dist", "cli.cjs"), older, older);
    expect(distStatus(root)).toBe("stale");
  });
});

describe("npm run lab -- --serve: the step-by-step hint", () => {
  const lines = stepByStepHint({
    url: "http://127.0.0.1:43117",
    stsUrl: "http://127.0.0.1:43117",
    outConfig: "/repo/examples/lab/out/config.json",
    adminCredentials: { accessKeyId: "AKIAEMULATORADMIN000", secretAccessKey: "emulator-secret" },
  });

  it('wraps the export in eval "$(…)", since export lines printed by a child do nothing in the shell', () => {
    const exports = lines.filter((line) => line.includes(" export --config "));
    expect(exports).toEqual([
      '  eval "$(node dist/cli.cjs export --config /repo/examples/lab/out/config.json --endpoint http://127.0.0.1:43117)"',
    ]);
  });

  it("shows the control plane with the admin credentials, then asks STS at the emulator", () => {
    expect(lines).toContain(
      "  AWS_ACCESS_KEY_ID=AKIAEMULATORADMIN000 AWS_SECRET_ACCESS_KEY=emulator-secret aws rolesanywhere list-trust-anchors --endpoint-url http://127.0.0.1:43117 --region us-east-1",
    );
    expect(lines.at(-1)).toBe("  aws sts get-caller-identity --endpoint-url http://127.0.0.1:43117 --region us-east-1");
  });
});
