import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePkcs11Uri } from "../../src/key/pkcs11/pkcs11Uri";
import { parseFlags } from "../../src/cli/flags";
import { PKCS11_PIN_ENV, pkcs11Secrets, resolvePkcs11, withQueryAttributes } from "../../src/cli/pkcs11Flags";
import { createRedactor } from "../../src/cli/redact";
import { buildSessionInit } from "../../src/cli/sessionInit";
import { SESSION_FLAGS } from "../../src/cli/specs";
import { PROFILE_ARN, ROLE_ARN, TRUST_ANCHOR_ARN, hasNoSecrets, runCli, sessionArgs, useIdentityAndStub } from "../support/cli";

const PIN = "7391-secret-pin";
const ARNS = ["--trust-anchor-arn", TRUST_ANCHOR_ARN, "--profile-arn", PROFILE_ARN, "--role-arn", ROLE_ARN];
const CERT_URI = "pkcs11:token=workload;object=ra-key;type=cert";
const KEY_URI = "pkcs11:token=workload;id=%01;type=private";

const build = (argv: string[], env: Record<string, string> = {}, cwd = "/work/here") =>
  buildSessionInit(parseFlags([...argv, ...ARNS], SESSION_FLAGS, "credential-process"), env, cwd);

const fixture = useIdentityAndStub();

describe("pkcs11: URIs as --certificate / --private-key", () => {
  it("a certificate URI is passed as the certificate value, with no file check (nothing named pkcs11:… exists)", async () => {
    const init = await build(["--certificate", CERT_URI]);
    expect(init.certificate).toBe(CERT_URI);
    expect(init).not.toHaveProperty("certificateFile");
    expect(init).not.toHaveProperty("privateKeyFile");
    expect(init).not.toHaveProperty("pkcs12File");
  });

  it("certificate and key URIs are both values; --pkcs11-lib → pkcs11Module, env ROLES_ANYWHERE_PKCS11_PIN → pkcs11Pin", async () => {
    const init = await build(
      ["--certificate", CERT_URI, "--private-key", KEY_URI, "--pkcs11-lib", "/usr/lib/softhsm/libsofthsm2.so", "--reuse-pin"],
      {
        [PKCS11_PIN_ENV]: PIN,
      },
    );
    expect(init).toMatchObject({
      certificate: CERT_URI,
      privateKey: KEY_URI,
      pkcs11Module: "/usr/lib/softhsm/libsofthsm2.so",
      pkcs11Pin: PIN,
    });
  });

  it("a bare module name stays for the dynamic loader; a relative path is resolved against the working directory", async () => {
    expect((await build(["--certificate", CERT_URI, "--pkcs11-lib", "p11-kit-proxy.so"])).pkcs11Module).toBe("p11-kit-proxy.so");
    expect((await build(["--certificate", CERT_URI, "--pkcs11-lib", "lib/pkcs11.so"], {}, "/opt/app")).pkcs11Module).toBe(
      "/opt/app/lib/pkcs11.so",
    );
  });

  it("a certificate file with a key URI: the file is still checked, the key is a value", async () => {
    const init = await build(["--certificate", fixture.ids.cert, "--private-key", KEY_URI]);
    expect(init.certificateFile).toBe(fixture.ids.cert);
    expect(init.privateKey).toBe(KEY_URI);
    await expect(build(["--certificate", `${fixture.ids.dir}/missing.pem`, "--private-key", KEY_URI])).rejects.toThrow(
      /cannot read the --certificate file .*missing\.pem: it does not exist/,
    );
  });

  it("with file inputs the module and PIN are folded into the URI (module-path, pin-value), never overriding the URI's own", async () => {
    const init = await build(["--certificate", fixture.ids.cert, "--private-key", KEY_URI, "--pkcs11-lib", "/usr/lib/x y.so"], {
      [PKCS11_PIN_ENV]: "p&n;1%",
    });
    const parsed = parsePkcs11Uri(init.privateKey!);
    expect(parsed).toMatchObject({ token: "workload", type: "private", modulePath: "/usr/lib/x y.so", pinValue: "p&n;1%" });
    expect(Array.from(parsed.id!)).toEqual([1]);
    const own = await build(
      ["--certificate", fixture.ids.cert, "--private-key", `${KEY_URI}?pin-value=own1&module-path=/own.so`, "--pkcs11-lib", "/other.so"],
      {
        [PKCS11_PIN_ENV]: "from-env",
      },
    );
    expect(parsePkcs11Uri(own.privateKey!)).toMatchObject({ pinValue: "own1", modulePath: "/own.so" });
  });

  it("without a URI, --pkcs11-lib and the PIN variable are ignored (as aws_signing_helper does)", async () => {
    const init = await build(["--certificate", fixture.ids.cert, "--private-key", fixture.ids.key, "--pkcs11-lib", "/x.so"], {
      [PKCS11_PIN_ENV]: PIN,
    });
    expect(init).not.toHaveProperty("pkcs11Module");
    expect(init).not.toHaveProperty("pkcs11Pin");
    expect(init.privateKeyFile).toBe(fixture.ids.key);
  });

  it("export --config: pkcs11: URIs in a lab config.json are kept as URIs, not made paths relative to the file", async () => {
    const config = join(fixture.ids.dir, "config.json");
    const uri = "pkcs11:token=lab;object=lab-key";
    await writeFile(
      config,
      JSON.stringify({
        Region: "us-east-1",
        AccountID: "123456789012",
        certificate_file: uri,
        certificate_key: uri,
        AnchorID: "a",
        ProfileID: "p",
        RoleName: "r",
      }),
    );
    const r = await runCli(["export", "--config", config, "--endpoint", fixture.stub.url, "--pkcs11-lib", "/nonexistent/libpkcs11.so"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/cannot read the --certificate file/);
    expect(r.stderr).toMatch(
      /Could not load the PKCS#11 module "\/nonexistent\/libpkcs11\.so"|PKCS#11 URIs need the optional package "pkcs11js"/,
    );
  });

  it("read-certificate-data takes a pkcs11: URI and --pkcs11-lib (no file lookup)", async () => {
    const r = await runCli([
      "read-certificate-data",
      "--certificate",
      "pkcs11:token=t;object=c;type=cert",
      "--pkcs11-lib",
      "/nonexistent/libpkcs11.so",
    ]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).not.toMatch(/cannot read the --certificate file/);
    expect(r.stderr).toMatch(
      /Could not load the PKCS#11 module "\/nonexistent\/libpkcs11\.so"|PKCS#11 URIs need the optional package "pkcs11js"/,
    );
  });

  it("withQueryAttributes appends with the right separator and percent-encodes", () => {
    expect(withQueryAttributes("pkcs11:token=a", { "pin-value": "1 2", "module-path": undefined })).toBe("pkcs11:token=a?pin-value=1%202");
    expect(withQueryAttributes("pkcs11:token=a?", { "pin-value": "x" })).toBe("pkcs11:token=a?pin-value=x");
    expect(withQueryAttributes("pkcs11:token=a?module-path=/m.so", { "pin-value": "é" })).toBe(
      "pkcs11:token=a?module-path=/m.so&pin-value=%C3%A9",
    );
    expect(withQueryAttributes("pkcs11:token=a?PIN-VALUE=1", { "pin-value": "2" })).toBe("pkcs11:token=a?PIN-VALUE=1");
  });

  it("resolvePkcs11 leaves file-only options untouched", () => {
    const init = { trustAnchorArn: "a", profileArn: "b", roleArn: "c", certificateFile: "/c.pem", privateKeyFile: "/k.pem" };
    expect(resolvePkcs11(init, { "pkcs11-lib": "/x.so" }, { [PKCS11_PIN_ENV]: PIN }, "/")).toBe(init);
  });
});

describe("PINs never reach the terminal", () => {
  it("the redactor masks pin-value= in URIs and PIN fields in debug objects", () => {
    const r = createRedactor();
    expect(r.redact(`loading pkcs11:token=t;object=k?pin-value=${PIN}&module-path=/m.so`)).toBe(
      "loading pkcs11:token=t;object=k?pin-value=[redacted]&module-path=/m.so",
    );
    expect(r.redact(`"pkcs11:token=t?PIN-Value=${PIN}"`)).not.toContain(PIN);
    expect(r.redact(`{ pkcs11Pin: '${PIN}', pkcs11Module: '/m.so' }`)).toBe("{ pkcs11Pin: '[redacted]', pkcs11Module: '/m.so' }");
    expect(r.redact(`{"pin":"${PIN}"}`)).not.toContain(PIN);
    expect(r.redact("The PKCS#11 PIN was refused by the token")).toBe("The PKCS#11 PIN was refused by the token");
  });

  it("pkcs11Secrets collects the env PIN and decoded pin-values, ignoring malformed URIs", () => {
    expect(
      pkcs11Secrets([`pkcs11:token=t?pin-value=a%20b%20c`, "pkcs11:token=%zz?pin-value=1", "/file.pem", undefined], {
        [PKCS11_PIN_ENV]: PIN,
      }),
    ).toEqual([PIN, "a b c"]);
  });

  it("--reuse-pin and --pkcs11-lib are accepted (no longer 'not supported') and listed in --help", async () => {
    const help = await runCli(["credential-process", "--help"]);
    expect(help.stdout).toMatch(/--pkcs11-lib <lib>/);
    expect(help.stdout).toMatch(/--reuse-pin/);
    expect(help.stdout).toMatch(/ROLES_ANYWHERE_PKCS11_PIN/);
    const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, fixture.stub.url), "--pkcs11-lib", "/x.so", "--reuse-pin"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a failing PKCS#11 run (module that does not load) exits 1 without echoing the PIN, in the URI or from the environment, even with --debug", async () => {
    const env = { [PKCS11_PIN_ENV]: PIN };
    for (const certificate of [`pkcs11:token=t;object=k?pin-value=${PIN}`, "pkcs11:token=t;object=k"]) {
      const r = await runCli(
        [
          "credential-process",
          "--certificate",
          certificate,
          ...ARNS,
          "--endpoint",
          fixture.stub.url,
          "--pkcs11-lib",
          "/nonexistent/libpkcs11.so",
          "--debug",
        ],
        { env },
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^roles-anywhere credential-process: (Could not load the PKCS#11 module "\/nonexistent\/libpkcs11\.so"|PKCS#11 URIs need the optional package "pkcs11js")/m,
      );
      expect(r.stderr).not.toContain(PIN);
      expect(hasNoSecrets(r.stderr, [PIN])).toBe(true);
    }
  });

  it("usage errors never echo a pin-value given in a URI", async () => {
    const r = await runCli(["credential-process", "--certificate", `pkcs11:token=t?pin-value=${PIN}`, "--bogus"], { env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(PIN);
  });
});
