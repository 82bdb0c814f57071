import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT,
  PROFILE_ARN,
  ROLE_ARN,
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
  TRUST_ANCHOR_ARN,
  hasNoSecrets,
  runCli,
  sessionArgs,
  useIdentityAndStub,
} from "../support/cli";

const fixture = useIdentityAndStub();

describe("credential-process", () => {
  it("prints credential_process JSON and nothing else, signing with the certificate", async () => {
    const before = fixture.stub.requests.length;
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]);
    expect(json.Version).toBe(1);
    expect(json.AccessKeyId).toMatch(/^ASIASTUBACCESSKEY\d{3}$/);
    expect(json.SecretAccessKey).toBe(SECRET_ACCESS_KEY);
    expect(json.SessionToken).toBe(SESSION_TOKEN);
    expect(json.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fixture.stub.requests.length).toBe(before + 1);
    const req = fixture.stub.requests.at(-1)!;
    expect(String(req.headers.authorization)).toContain(`Credential=${fixture.ids.leaf.serial.toString()}/`);
    expect(String(req.headers.authorization)).toMatch(/^AWS4-X509-ECDSA-SHA256 /);
  });

  it("uses a combined certificate+key PEM when --private-key is omitted", async () => {
    const r = await runCli(["credential-process", ...sessionArgs({ cert: fixture.ids.combined }, fixture.stub.url)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).SessionToken).toBe(SESSION_TOKEN);
  });

  it("sends --intermediates, --session-duration and --role-session-name", async () => {
    const r = await runCli([
      "credential-process",
      ...sessionArgs(fixture.ids, fixture.stub.url),
      "--intermediates",
      fixture.ids.chain,
      "--session-duration",
      "900",
      "--role-session-name",
      "my-session",
    ]);
    expect(r.code).toBe(0);
    const req = fixture.stub.requests.at(-1)!;
    expect(req.headers["x-amz-x509-chain"]).toBeTruthy();
    const body = JSON.parse(req.body);
    expect(body.durationSeconds).toBe(900);
    expect(body.roleSessionName).toBe("my-session");
  });

  it("takes the endpoint from AWS_ENDPOINT_URL_ROLESANYWHERE and resolves relative paths from cwd", async () => {
    const args = sessionArgs({ cert: "cert.pem", key: "key.pem" }, fixture.stub.url).slice(0, -2);
    const r = await runCli(["credential-process", ...args], {
      env: { AWS_ENDPOINT_URL_ROLESANYWHERE: fixture.stub.url },
      cwd: fixture.ids.dir,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("ignores an AWS_REGION that disagrees with the trust anchor (a shell-wide region must not break it)", async () => {
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url)], { env: { AWS_REGION: "eu-west-1" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(String(fixture.stub.requests.at(-1)!.headers.authorization)).toContain("/us-east-1/rolesanywhere/aws4_request");
  });

  it("--debug logs the canonical request and string to sign to stderr, never secrets", async () => {
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--debug"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("canonical request");
    expect(r.stderr).toContain("POST\n/sessions\n");
    expect(r.stderr).toContain("AWS4-X509-ECDSA-SHA256\n");
    expect(hasNoSecrets(r.stderr)).toBe(true);
    expect(JSON.parse(r.stdout).AccessKeyId).toBeTruthy();
  });
});

describe("export", () => {
  it("prints three export lines and an expiry comment", async () => {
    const r = await runCli(["export", ...sessionArgs(fixture.ids, fixture.stub.url)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^export AWS_ACCESS_KEY_ID="ASIASTUBACCESSKEY\d{3}"$/);
    expect(lines[1]).toBe(`export AWS_SECRET_ACCESS_KEY="${SECRET_ACCESS_KEY}"`);
    expect(lines[2]).toBe(`export AWS_SESSION_TOKEN="${SESSION_TOKEN}"`);
    expect(lines[3]).toMatch(/^# expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("reads a lab config.json and builds the ARNs from its parts", async () => {
    const config = join(fixture.ids.dir, "config.json");
    await writeFile(
      config,
      JSON.stringify({
        Region: "us-east-1",
        AccountID: ACCOUNT,
        certificate_file: "cert.pem",
        certificate_key: "key.pem",
        AnchorID: TRUST_ANCHOR_ARN.split("/")[1],
        ProfileID: PROFILE_ARN.split("/")[1],
        RoleName: ROLE_ARN.split("/")[1],
      }),
    );
    const r = await runCli(["export", "--config", config, "--endpoint", fixture.stub.url]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`export AWS_SESSION_TOKEN="${SESSION_TOKEN}"`);
    const url = new URL(fixture.stub.requests.at(-1)!.url, fixture.stub.url);
    const arns = [url.searchParams.get("trustAnchorArn"), url.searchParams.get("profileArn"), url.searchParams.get("roleArn")];
    const body = fixture.stub.requests.at(-1)!.body;
    for (const arn of [TRUST_ANCHOR_ARN, PROFILE_ARN, ROLE_ARN]) {
      expect(arns.includes(arn) || body.includes(arn)).toBe(true);
    }
  });

  it("names the placeholder keys of an unedited lab config (exit 1, nothing on stdout)", async () => {
    const config = join(fixture.ids.dir, "config-unedited.json");
    await writeFile(
      config,
      JSON.stringify({
        Region: "CHANGEME",
        AccountID: "CHANGEME",
        certificate_file: "c",
        certificate_key: "k",
        AnchorID: "CHANGEME",
        ProfileID: "x",
        RoleName: "y",
      }),
    );
    const r = await runCli(["export", "--config", config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^roles-anywhere export: .*Region is still the placeholder "CHANGEME".*AnchorID/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
