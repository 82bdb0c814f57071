/**
 * Cloudflare Workers: examples/cloudflare-worker/ bundled with its build script and run in
 * workerd (through miniflare), with the certificate and key as secrets (env bindings). The
 * emulator runs in this process on 127.0.0.1; the worker may reach loopback addresses only.
 */
import { execFile } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ASSUMED_ROLE,
  type RuntimeEmulator,
  type WorkerResult,
  haveRuntimes,
  runMiniflare,
  runtimeTitle,
  startRuntimeEmulator,
} from "../support/runtimes";

const root = fileURLToPath(new URL("../../", import.meta.url));
const example = join(root, "examples/cloudflare-worker");
const run = promisify(execFile);

describe.skipIf(!haveRuntimes("workerd", "node24"))(
  runtimeTitle("Cloudflare Workers (workerd through miniflare)", "workerd", "node24"),
  () => {
    let setup: RuntimeEmulator;
    let dir: string;
    let results: Map<string, WorkerResult>;

    beforeAll(async () => {
      setup = await startRuntimeEmulator();
      dir = mkdtempSync(join(tmpdir(), "ra-worker-"));
      const script = join(dir, "worker.js");
      const probe = join(dir, "probe.js");
      await Promise.all([
        run(process.execPath, [join(example, "build.mjs"), "--outfile", script], { cwd: root, timeout: 60_000 }),
        run(process.execPath, [join(example, "build.mjs"), "--entry", join(root, "test/support/workerProbe.mjs"), "--outfile", probe], {
          cwd: root,
          timeout: 60_000,
        }),
      ]);
      const config = JSON.parse(readFileSync(join(example, "wrangler.json"), "utf8")) as {
        compatibility_date: string;
        compatibility_flags: string[];
        vars: Record<string, string>;
      };
      const bindings = {
        ...config.vars,
        TRUST_ANCHOR_ARN: setup.trustAnchorArn,
        PROFILE_ARN: setup.profileArn,
        ROLE_ARN: setup.roleArn,
        // The secrets `wrangler secret put CERTIFICATE` / `PRIVATE_KEY` would hold.
        CERTIFICATE: setup.leaf.certificatePem,
        PRIVATE_KEY: setup.leaf.key.privateKeyPem,
        ROLES_ANYWHERE_ENDPOINT: setup.emulator.url,
        STS_ENDPOINT: setup.emulator.stsUrl,
        // For the probe worker: the same key encrypted (PBES2, as OpenSSL 3 writes it).
        PRIVATE_KEY_ENCRYPTED: createPrivateKey(setup.leaf.key.privateKeyPem)
          .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "worker secret" })
          .toString(),
        PASSPHRASE: "worker secret",
      };
      const worker = (name: string, flags: string[], scriptPath = script) => ({
        name,
        scriptPath,
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: [...config.compatibility_flags, ...flags],
        bindings,
      });
      const list = await runMiniflare(
        dir,
        [worker("plain", []), worker("nodejs-compat", ["nodejs_compat"]), worker("probe", [], probe)],
        [
          { worker: "plain", url: "http://worker.test/" },
          { worker: "plain", url: "http://worker.test/again" },
          { worker: "nodejs-compat", url: "http://worker.test/" },
          ...["crypto-key", "signer", "encrypted", "files", "pkcs11"].map((path) => ({
            worker: "probe",
            url: `http://worker.test/${path}`,
          })),
        ],
      );
      results = new Map(list.map((result, index) => [`${result.worker}#${index}`, result]));
      for (const result of list) if (result.worker === "probe") results.set(new URL(result.url).pathname.slice(1), result);
    }, 180_000);

    afterAll(async () => {
      await setup?.emulator.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const body = (key: string) => {
      const result = results.get(key);
      expect(result, `no result for ${key}`).toBeDefined();
      expect(result!.status, result!.body).toBe(200);
      return JSON.parse(result!.body) as { Arn: string; Account: string; UserId: string };
    };

    it("returns GetCallerIdentity of the assumed role, signed with credentials from the emulator", () => {
      const identity = body("plain#0");
      expect(identity.Arn).toMatch(ASSUMED_ROLE);
      expect(identity.Account).toBe("123456789012");
    });

    it("keeps the credentials of the first request for the next one (one provider per isolate)", () => {
      expect(body("plain#1").Arn).toBe(body("plain#0").Arn);
    });

    it("works with nodejs_compat, where `process` exists too", () => {
      expect(body("nodejs-compat#2").Arn).toMatch(ASSUMED_ROLE);
    });

    const probe = (name: string) => {
      const result = results.get(name);
      expect(result, `no result for probe ${name}`).toBeDefined();
      return JSON.parse(result!.body) as { ok: boolean; accessKeyId?: string; code?: string; name?: string; message?: string };
    };

    it("takes the key as a non-extractable WebCrypto CryptoKey", () => {
      expect(probe("crypto-key")).toMatchObject({ ok: true, accessKeyId: expect.stringMatching(/^ASIA/) });
    });

    it("takes a custom Signer (here over WebCrypto, as a KMS signer would be)", () => {
      expect(probe("signer")).toMatchObject({ ok: true, accessKeyId: expect.stringMatching(/^ASIA/) });
    });

    it("decrypts an encrypted PKCS#8 key (PBES2) with WebCrypto", () => {
      expect(probe("encrypted")).toMatchObject({ ok: true, accessKeyId: expect.stringMatching(/^ASIA/) });
    });

    it("files: a typed ERR_FILE that says to pass values (a Worker has no file system)", () => {
      const result = probe("files");
      expect(result).toMatchObject({ ok: false, name: "RolesAnywhereError", code: "ERR_FILE" });
      expect(result.message).toMatch(/no file system/);
    });

    it("PKCS#11: a typed ERR_UNSUPPORTED_KEY that points to a custom Signer", () => {
      const result = probe("pkcs11");
      expect(result).toMatchObject({ ok: false, name: "RolesAnywhereError", code: "ERR_UNSUPPORTED_KEY" });
      expect(result.message).toContain("custom Signer");
    });
  },
);
