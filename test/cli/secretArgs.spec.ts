/**
 * Secrets and key material given on the command line are used or refused, never echoed:
 * a password starting with "--", and certificate/key content passed where a file path belongs.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseFlags, secretFlagValues, type FlagSpec } from "../../src/cli/flags";
import { MAX_SHOWN_PATH_LENGTH, shownPath } from "../../src/cli/pathValue";
import { PROFILE_ARN, ROLE_ARN, TRUST_ANCHOR_ARN, hasNoSecrets, runCli, sessionArgs, useIdentityAndStub } from "../support/cli";

const DASH_PASSWORD = "--hunter2secret";
const SPECS: FlagSpec[] = [
  { name: "certificate", type: "string", description: "" },
  { name: "pkcs8-password", type: "string", secret: true, description: "" },
  { name: "debug", type: "boolean", description: "" },
];
const ARNS = ["--trust-anchor-arn", TRUST_ANCHOR_ARN, "--profile-arn", PROFILE_ARN, "--role-arn", ROLE_ARN];

const fixture = useIdentityAndStub();
let encrypted: string;
/** The key's base64 body lines (what must never be printed). */
let keyBody: string[];

beforeAll(async () => {
  encrypted = join(fixture.ids.dir, "dash-encrypted.pem");
  await writeFile(
    encrypted,
    fixture.ids.leaf.key.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: DASH_PASSWORD }) as string,
    { mode: 0o600 },
  );
  keyBody = fixture.ids.leaf.key.privateKeyPem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
});

function expectNothingLeaked(r: { stdout: string; stderr: string }, secrets: string[]): void {
  for (const s of secrets) {
    expect(r.stderr).not.toContain(s);
    expect(r.stdout).not.toContain(s);
  }
}

describe("a secret flag takes the next argument as its value, whatever it looks like", () => {
  it("parseFlags: --pkcs8-password --x is the password; non-secret flags still refuse a flag as value", () => {
    expect(parseFlags(["--pkcs8-password", DASH_PASSWORD, "--debug"], SPECS, "x")).toEqual({
      "pkcs8-password": DASH_PASSWORD,
      debug: true,
    });
    expect(parseFlags(["--pkcs8-password", "--debug"], SPECS, "x")).toEqual({ "pkcs8-password": "--debug" });
    expect(() => parseFlags(["--certificate", "--debug"], SPECS, "x")).toThrow(
      /--certificate needs a value, but none was given \(the next argument is --debug;/,
    );
    expect(() => parseFlags(["--pkcs8-password"], SPECS, "x")).toThrow(/--pkcs8-password needs a value, but none was given\. /);
  });

  it("secretFlagValues finds secret values before parsing (both spellings)", () => {
    expect(
      secretFlagValues(["--certificate", "c", "--pkcs8-password", DASH_PASSWORD, "--pkcs8-password=pw-two", "--bogus"], SPECS),
    ).toEqual([DASH_PASSWORD, "pw-two"]);
  });

  it("the CLI accepts a password starting with -- and never prints it", async () => {
    const r = await runCli([
      "credential-process",
      ...sessionArgs({ cert: fixture.ids.cert, key: encrypted }, fixture.stub.url),
      "--pkcs8-password",
      DASH_PASSWORD,
      "--debug",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIASTUB/) });
    expectNothingLeaked(r, [DASH_PASSWORD, "hunter2secret"]);
    expect(hasNoSecrets(r.stderr)).toBe(true);
  });

  it("usage errors around a secret flag never echo its value", async () => {
    const cases = [
      ["credential-process", "--pkcs8-password", DASH_PASSWORD, "--bogus"],
      ["credential-process", "--pkcs8-password", DASH_PASSWORD, "stray"],
      ["credential-process", "--certificate", "--pkcs8-password", DASH_PASSWORD],
      ["credential-process", `--pkcs8-password=${DASH_PASSWORD}`, "--certificat", "x"],
      ["credential-process", "--tpm-key-password", DASH_PASSWORD, "--no-tpm-key-password", ...sessionArgs(fixture.ids, fixture.stub.url)],
      [
        "credential-process",
        "--tpm-key-password",
        DASH_PASSWORD,
        "--pkcs8-password",
        DASH_PASSWORD,
        ...sessionArgs(fixture.ids, fixture.stub.url),
      ],
    ];
    for (const argv of cases) {
      const r = await runCli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^roles-anywhere credential-process: /);
      expectNothingLeaked(r, ["hunter2secret"]);
    }
  });
});

describe("certificate/key content where a file path belongs", () => {
  it("PEM text as --private-key is a usage error that shows no key material", async () => {
    const r = await runCli([
      "credential-process",
      "--certificate",
      fixture.ids.cert,
      "--private-key",
      fixture.ids.leaf.key.privateKeyPem,
      ...ARNS,
      "--endpoint",
      fixture.stub.url,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^roles-anywhere credential-process: the value of --private-key looks like certificate\/key content, not a file path \(it contains "-----BEGIN"\): --private-key must be a file path\./,
    );
    expect(r.stderr).not.toMatch(/needs a value/);
    expectNothingLeaked(r, keyBody);
  });

  it("a long base64 blob or a value with a line break is refused the same way", async () => {
    const blob = Buffer.from(fixture.ids.leaf.key.privateKey.export({ type: "pkcs8", format: "der" }) as Buffer)
      .toString("base64")
      .repeat(8);
    expect(blob.length).toBeGreaterThan(1024);
    const long = await runCli(["credential-process", "--certificate", fixture.ids.cert, "--private-key", blob, ...ARNS]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/--private-key looks like certificate\/key content.*\(it is \d+ characters long\)/);
    expectNothingLeaked(long, [blob.slice(0, 40), blob.slice(-40)]);

    const multiline = await runCli(["credential-process", "--certificate", `${keyBody[0]}\n${keyBody[1]}`, ...ARNS]);
    expect(multiline.code).toBe(2);
    expect(multiline.stderr).toMatch(/--certificate looks like certificate\/key content.*\(it contains a line break\)/);
    expectNothingLeaked(multiline, keyBody.slice(0, 2));

    const chain = await runCli([
      "credential-process",
      ...sessionArgs(fixture.ids, fixture.stub.url),
      "--intermediates",
      fixture.ids.ca.certificatePem,
    ]);
    expect(chain.code).toBe(2);
    expect(chain.stderr).toMatch(/--intermediates looks like certificate\/key content/);
  });

  it("PEM text as the value of --certificate for read-certificate-data, --config for export", async () => {
    const read = await runCli(["read-certificate-data", "--certificate", fixture.ids.leaf.certificatePem]);
    expect(read.code).toBe(2);
    expect(read.stderr).toMatch(/--certificate looks like certificate\/key content/);
    expect(read.stderr).not.toContain(fixture.ids.leaf.certificatePem.split("\n")[1]);
    const exp = await runCli(["export", "--config", fixture.ids.leaf.key.privateKeyPem]);
    expect(exp.code).toBe(2);
    expect(exp.stderr).toMatch(/--config looks like certificate\/key content/);
    expectNothingLeaked(exp, keyBody);
  });

  it("parseFlags takes PEM text (starting with -----) as a value", () => {
    const pem = fixture.ids.leaf.certificatePem;
    expect(parseFlags(["--certificate", pem], SPECS, "x")).toEqual({ certificate: pem });
    expect(parseFlags(["--certificate", "--"], SPECS, "x")).toEqual({ certificate: "--" });
    expect(parseFlags(["--certificate", "--Not-A-Flag"], SPECS, "x")).toEqual({ certificate: "--Not-A-Flag" });
    expect(() => parseFlags(["--certificate", "--debug=false"], SPECS, "x")).toThrow(/the next argument is --debug;/);
  });

  it("an unreadable path is shown cut to at most 200 characters", async () => {
    const missing = join(fixture.ids.dir, "d".repeat(100), "e".repeat(100), "k".repeat(200));
    const r = await runCli(["credential-process", ...sessionArgs({ cert: fixture.ids.cert, key: missing }, fixture.stub.url)]);
    expect(r.code).toBe(1);
    const shown = /cannot read the --private-key file (.*): it does not exist/.exec(r.stderr)?.[1];
    expect(shown).toBeDefined();
    expect(shown!.length).toBeLessThanOrEqual(MAX_SHOWN_PATH_LENGTH);
    expect(r.stderr).not.toContain("k".repeat(120));
    expect(shownPath("/short/path.pem")).toBe("/short/path.pem");
    expect(shownPath("x".repeat(1000))).toHaveLength(MAX_SHOWN_PATH_LENGTH);
  });
});
