import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator";
import { roleArnOf, startEmulatorTrusting } from "../support/testEmulator";
import { hasOpenssl, openssl } from "../support/opensslTool";
import { type IdentityFiles, emulatorFlags, hasNoSecrets, makeIdentity, runCli } from "../support/cli";

const ROLE = roleArnOf("App");
const PASS = "p12-secret-pass";

describe.skipIf(!hasOpenssl)(
  `credential-process with a PKCS#12 --certificate${hasOpenssl ? "" : " (skipped: openssl is not installed)"}`,
  () => {
    let ids: IdentityFiles;
    let emu: Emulator;
    let p12: string;
    let flags: string[];

    beforeAll(async () => {
      ids = await makeIdentity();
      emu = await startEmulatorTrusting(ids.ca.certificatePem);
      p12 = join(ids.dir, "identity.p12");
      openssl(["pkcs12", "-export", "-inkey", ids.key, "-in", ids.cert, "-passout", `pass:${PASS}`, "-out", p12]);
      await chmod(p12, 0o600);
      flags = emulatorFlags(emu, ROLE);
    });
    afterAll(async () => {
      await emu?.close();
      await ids?.cleanup();
    });

    it("reads the .p12 when --private-key is omitted, with --pkcs8-password as its password", async () => {
      const r = await runCli(["credential-process", "--certificate", p12, "--pkcs8-password", PASS, ...flags]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
    });

    it("a wrong password exits 1 without echoing it; --intermediates with a .p12 is a usage error", async () => {
      const wrong = await runCli(["credential-process", "--certificate", p12, "--pkcs8-password", "not-the-password", ...flags]);
      expect(wrong).toMatchObject({ code: 1, stdout: "" });
      expect(wrong.stderr).toMatch(/\[ERR_BAD_PASSPHRASE\]$/m);
      expect(hasNoSecrets(wrong.stderr, ["not-the-password", PASS])).toBe(true);
      const chain = await runCli(["credential-process", "--certificate", p12, "--intermediates", ids.chain, ...flags]);
      expect(chain).toMatchObject({ code: 2, stdout: "" });
      expect(chain.stderr).toMatch(/--intermediates cannot be used with a PKCS#12 --certificate/);
    });
  },
);
