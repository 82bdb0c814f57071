import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors";
import { parseFlags, type FlagSpec } from "../../src/cli/flags";
import { createRedactor } from "../../src/cli/redact";
import { COMMANDS } from "../../src/cli/specs";
import { labConfigToFlags } from "../../src/cli/labConfig";
import pkg from "../../package.json";
import { runCli } from "../support/cli";

const SPECS: FlagSpec[] = [
  { name: "certificate", type: "string", description: "" },
  { name: "debug", type: "boolean", description: "" },
];

describe("parseFlags", () => {
  it("accepts --name value, --name=value, switches, --switch=false, -h and a trailing --", () => {
    expect(parseFlags(["--certificate", "a.pem", "--debug"], SPECS, "x")).toEqual({ certificate: "a.pem", debug: true });
    expect(parseFlags(["--certificate=--odd.pem", "--debug=false", "--"], SPECS, "x")).toEqual({ certificate: "--odd.pem", debug: false });
    expect(parseFlags(["-h"], SPECS, "x")).toEqual({ help: true });
    expect(parseFlags(["--certificate", "a", "--certificate", "b"], SPECS, "x")).toEqual({ certificate: "b" });
  });

  it.each([
    [["--certificat", "a"], /unknown flag --certificat .*Did you mean --certificate\?/],
    [["-certificate", "a"], /unknown flag -certificate: flags start with two dashes/],
    [["--certificate"], /--certificate needs a value, but none was given\./],
    [["--debug=maybe"], /--debug is a switch and takes no value/],
    [["positional"], /unexpected argument #1 \(not a flag\)/],
    [["--", "x"], /unexpected argument #2/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseFlags(argv, SPECS, "x")).toThrow(UsageError);
    expect(() => parseFlags(argv, SPECS, "x")).toThrow(message);
  });
});

describe("help and version", () => {
  it("--help and help list every command on stdout (exit 0)", async () => {
    for (const argv of [["--help"], ["help"], ["-h"]]) {
      const r = await runCli(argv);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
    }
  });

  it("every command has --help listing its flags", async () => {
    for (const c of COMMANDS) {
      const r = await runCli([c.name, "--help"]);
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout).toContain("Usage:");
      for (const f of c.flags) expect(r.stdout).toContain(`--${f.name}`);
    }
    expect((await runCli(["help", "serve"])).stdout).toContain("--hop-limit");
  });

  it("the session commands take exactly aws_signing_helper's flags", () => {
    const helperFlags = [
      "certificate",
      "private-key",
      "intermediates",
      "trust-anchor-arn",
      "profile-arn",
      "role-arn",
      "session-duration",
      "region",
      "endpoint",
      "role-session-name",
      "pkcs8-password",
      "debug",
      "no-verify-ssl",
      "with-proxy",
    ];
    for (const name of ["credential-process", "serve", "update"]) {
      const flags = COMMANDS.find((c) => c.name === name)!.flags.map((f) => f.name);
      for (const f of helperFlags) expect(flags).toContain(f);
    }
  });

  it("--version and version print the package version", async () => {
    for (const argv of [["--version"], ["version"]]) {
      expect(await runCli(argv)).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    }
  });
});

describe("redactor", () => {
  it("scrubs registered secrets, secret-looking fields and private key blocks", () => {
    const r = createRedactor();
    r.add("hunter2-password");
    r.add("abc"); // too short to register
    const text = r.redact(
      'pw hunter2-password; {"SecretAccessKey":"wJalr/xyz","sessionToken":"FwoG"} aws_session_token = TOK abc\n-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----',
    );
    expect(text).not.toMatch(/hunter2-password|wJalr|FwoG|TOK|MIGH/);
    expect(text).toContain("abc");
    expect(text).toContain("-----BEGIN PRIVATE KEY----- [redacted]");
  });
});

describe("labConfigToFlags", () => {
  const good = {
    Region: "eu-west-1",
    AccountID: "123456789012",
    certificate_file: "client.pem",
    certificate_key: "client.key",
    AnchorID: "ta-id",
    ProfileID: "profile-id",
    RoleName: "Lab-IAM-Anywhere-All",
  };

  it("builds the three ARNs like the lab", () => {
    expect(labConfigToFlags(good).flags).toEqual({
      region: "eu-west-1",
      certificate: "client.pem",
      "private-key": "client.key",
      "trust-anchor-arn": "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/ta-id",
      "profile-arn": "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/profile-id",
      "role-arn": "arn:aws:iam::123456789012:role/Lab-IAM-Anywhere-All",
    });
    expect(labConfigToFlags({ ...good, Region: "cn-north-1" }).flags?.["role-arn"]).toBe(
      "arn:aws-cn:iam::123456789012:role/Lab-IAM-Anywhere-All",
    );
  });

  it("lists every problem", () => {
    expect(labConfigToFlags({ ...good, AccountID: "12", RoleName: undefined, ProfileID: "CHANGEME" }).problems).toEqual([
      'ProfileID is still the placeholder "CHANGEME"',
      "RoleName is missing",
      "AccountID must be the 12-digit account number",
    ]);
    expect(labConfigToFlags([]).problems).toEqual(["the file must hold a JSON object"]);
  });
});
