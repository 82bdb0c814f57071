import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliResult,
  type StubServer,
  PROFILE_ARN,
  ROLE_ARN,
  TRUST_ANCHOR_ARN,
  hasNoSecrets,
  runCli,
  sessionArgs,
  startCreateSessionStub,
  useIdentityAndStub,
} from "../support/cli";

const fixture = useIdentityAndStub();
let denied: StubServer;
const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  denied = await startCreateSessionStub(() => ({
    status: 403,
    body: JSON.stringify({ message: "Untrusted Signing Certificate" }),
    headers: { "X-Amzn-ErrorType": "AccessDeniedException" },
  }));
  await writeFile(
    join(fixture.ids.dir, "encrypted.pem"),
    fixture.ids.leaf.key.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSWORD }) as string,
    { mode: 0o600 },
  );
});
afterAll(async () => {
  await denied.close();
});

/** One line on stderr, nothing on stdout, no secret anywhere, and the expected exit code. */
function expectFailure(r: CliResult, code: 1 | 2, pattern: RegExp, secrets: string[] = []): void {
  expect(r.stdout).toBe("");
  expect(r.code).toBe(code);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(hasNoSecrets(r.stderr, secrets)).toBe(true);
}

const arns = ["--trust-anchor-arn", TRUST_ANCHOR_ARN, "--profile-arn", PROFILE_ARN, "--role-arn", ROLE_ARN];

describe("usage errors exit 2", () => {
  it("no command", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no command given");
  });

  it("unknown command, with a suggestion", async () => {
    expectFailure(await runCli(["credential-proces"]), 2, /unknown command "credential-proces"\. Did you mean "credential-process"\?/);
  });

  it("unknown flag, with a suggestion", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--role-arm", "x"]),
      2,
      /^roles-anywhere credential-process: unknown flag --role-arm .*Did you mean --role-arn\?/,
    );
  });

  it("missing required flags are all named", async () => {
    expectFailure(
      await runCli([
        "credential-process",
        "--certificate",
        fixture.ids.cert,
        "--private-key",
        fixture.ids.key,
        "--trust-anchor-arn",
        TRUST_ANCHOR_ARN,
      ]),
      2,
      /missing required flags --profile-arn, --role-arn/,
    );
  });

  it("both --certificate and --private-key empty (unset CI variables) is a clear usage error", async () => {
    expectFailure(
      await runCli(["credential-process", "--certificate", "", "--private-key", "", ...arns]),
      2,
      /no certificate given: --certificate and --private-key are both missing or empty.*never falls back to an OS certificate store/,
    );
    expectFailure(await runCli(["credential-process", ...arns]), 2, /no certificate given/);
  });

  it("an unquoted empty variable (flag followed by another flag) names the flag", async () => {
    expectFailure(
      await runCli(["credential-process", "--certificate", "--private-key", "--trust-anchor-arn", TRUST_ANCHOR_ARN]),
      2,
      /--certificate needs a value <file\|uri>, but none was given \(the next argument is --private-key; is the variable you meant to pass empty\?\)/,
    );
  });

  it("a certificate file without a key and no --private-key", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs({ cert: fixture.ids.cert }, fixture.stub.url)]),
      2,
      /holds no private key: pass --private-key/,
    );
  });

  it("bad --session-duration", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--session-duration", "60"]),
      2,
      /--session-duration must be a whole number from 900 to 43200; got 60\. \[ERR_INVALID_OPTION\]/,
    );
  });

  it("bad --endpoint", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, "not a url")]),
      2,
      /--endpoint "not a url" is not a URL\. Pass a base URL such as/,
    );
  });

  it.each([["--cert-selector", "Key=x509Subject,Value=CN=x"], ["--system-store-name", "MY"], ["--use-latest-expiring-certificate"]])(
    "aws_signing_helper's OS certificate-store flag %s is refused as unsupported (not unknown), pointing at files and PKCS#11",
    async (...flag) => {
      expectFailure(
        await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), ...flag]),
        2,
        new RegExp(
          `${flag[0]} selects a certificate in the Windows or macOS certificate store.*Linux has no such store.*--certificate and --private-key files.*pkcs11: URIs with --pkcs11-lib`,
        ),
      );
      const read = await runCli(["read-certificate-data", ...flag]);
      expect(read.code).toBe(2);
      expect(read.stderr).toMatch(/certificate store/);
    },
  );

  it("a TPM handle needs --tpm-key-password or --no-tpm-key-password (no prompt for a handle)", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs({ cert: fixture.ids.cert, key: "handle:0x81000001" }, fixture.stub.url)]),
      2,
      /a TPM key handle \(handle:0x81000001\) does not say whether the key has a password. Pass --tpm-key-password .* or --no-tpm-key-password/,
    );
  });

  it("--with-proxy without a proxy variable", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, "https://rolesanywhere.us-east-1.amazonaws.com"), "--with-proxy"]),
      2,
      /--with-proxy needs a proxy: set HTTPS_PROXY/,
    );
  });

  it("a stray positional argument is refused without echoing it (it may be a password)", async () => {
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--debug", "s3cr3t-value"]);
    expectFailure(r, 2, /unexpected argument #\d+ \(not a flag\)/, ["s3cr3t-value"]);
  });

  it("a --pkcs8-password value never appears in an error", async () => {
    const r = await runCli(["credential-process", "--pkcs8-password", PASSWORD, "--bogus"]);
    expectFailure(r, 2, /unknown flag --bogus/, [PASSWORD]);
  });

  it("serve: bad --port, --listen, --hop-limit; --ecs without a token", async () => {
    const base = ["serve", ...sessionArgs(fixture.ids, fixture.stub.url)];
    expectFailure(await runCli([...base, "--port", "70000"]), 2, /--port must be a whole number from 0 to 65535/);
    expectFailure(await runCli([...base, "--listen", "example.com"]), 2, /--listen must be an IPv4 or IPv6 address/);
    expectFailure(await runCli([...base, "--hop-limit", "0"]), 2, /--hop-limit must be a whole number from 1 to 255/);
    expectFailure(await runCli([...base, "--ecs"]), 2, /--ecs needs an authorization token.*AWS_CONTAINER_AUTHORIZATION_TOKEN/);
  });

  it("values the core rejects, named by their flags: a malformed ARN, a --region other than the trust anchor's, a bad session name", async () => {
    expectFailure(
      await runCli([
        "credential-process",
        ...sessionArgs(fixture.ids, fixture.stub.url),
        "--role-arn",
        "arn:aws:iam::123456789012:user/not-a-role",
      ]),
      2,
      /: --role-arn "arn:aws:iam::123456789012:user\/not-a-role" names a "user" resource.*\[ERR_INVALID_ARN\]$/m,
    );
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--region", "eu-west-1"]),
      2,
      /: --region is eu-west-1 .* Omit --region, .*\[ERR_REGION_MISMATCH\]$/m,
    );
    const badName = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--role-session-name", "bad name!"]);
    expectFailure(badName, 2, /: --role-session-name must be 2 to 64 characters.*\[ERR_INVALID_OPTION\]$/m);
    expect(badName.stderr).not.toMatch(/roleSessionName/);
  });

  it("update: bad --profile", async () => {
    expectFailure(
      await runCli(["update", ...sessionArgs(fixture.ids, fixture.stub.url), "--profile", "[x]", "--once"]),
      2,
      /--profile must be a non-empty profile name/,
    );
  });
});

describe("runtime errors exit 1", () => {
  it("unreadable certificate file", async () => {
    const missing = join(fixture.ids.dir, "missing.pem");
    expectFailure(
      await runCli(["credential-process", ...sessionArgs({ cert: missing, key: fixture.ids.key }, fixture.stub.url)]),
      1,
      new RegExp(`cannot read the --certificate file ${missing}: it does not exist`),
    );
  });

  it("unreadable private key (a directory)", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs({ cert: fixture.ids.cert, key: fixture.ids.dir }, fixture.stub.url)]),
      1,
      /cannot read the --private-key file .*: it is a directory/,
    );
  });

  it("unreadable AWS_CA_BUNDLE", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url)], {
        env: { AWS_CA_BUNDLE: "/nonexistent/ca.pem" },
      }),
      1,
      /cannot read AWS_CA_BUNDLE file \/nonexistent\/ca\.pem: it does not exist/,
    );
  });

  it("wrong passphrase for an encrypted key, never echoing it", async () => {
    const r = await runCli([
      "credential-process",
      ...sessionArgs({ cert: fixture.ids.cert, key: join(fixture.ids.dir, "encrypted.pem") }, fixture.stub.url),
      "--pkcs8-password",
      "wrong-password-1",
    ]);
    expectFailure(r, 1, /\[ERR_BAD_PASSPHRASE\]$/m, ["wrong-password-1"]);
  });

  it("the right passphrase (from ROLES_ANYWHERE_PKCS8_PASSWORD) works", async () => {
    const r = await runCli(
      ["credential-process", ...sessionArgs({ cert: fixture.ids.cert, key: join(fixture.ids.dir, "encrypted.pem") }, fixture.stub.url)],
      {
        env: { ROLES_ANYWHERE_PKCS8_PASSWORD: PASSWORD },
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a service error names the service's message and type", async () => {
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, denied.url)]),
      1,
      /^roles-anywhere credential-process: .*Untrusted Signing Certificate.*\[ERR_ACCESS_DENIED\]$/m,
    );
    expectFailure(await runCli(["export", ...sessionArgs(fixture.ids, denied.url)]), 1, /Untrusted Signing Certificate/);
  });

  it("an unreachable endpoint", async () => {
    const closed = await startCreateSessionStub();
    await closed.close();
    expectFailure(
      await runCli(["credential-process", ...sessionArgs(fixture.ids, closed.url)]),
      1,
      /\[ERR_NETWORK\]|ECONNREFUSED|connect/i,
    );
  });

  it("update --once exits 1 on a service error", async () => {
    const r = await runCli(["update", ...sessionArgs(fixture.ids, denied.url), "--once"], {
      env: { AWS_SHARED_CREDENTIALS_FILE: join(fixture.ids.dir, "creds") },
    });
    expectFailure(r, 1, /Untrusted Signing Certificate/);
  });

  it("read-certificate-data on a key file", async () => {
    expectFailure(await runCli(["read-certificate-data", "--certificate", fixture.ids.key]), 1, /holds no "BEGIN CERTIFICATE" block/);
  });
});
