import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

beforeAll(() => {
  if (!existsSync(`${root}dist/emulator.js`) || !existsSync(`${root}dist/cli.cjs`))
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
}, 120_000);

describe("examples stay true", () => {
  it("examples/sdk-v3/get-caller-identity.mjs prints the assumed role", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/sdk-v3/get-caller-identity.mjs"], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^Arn: +arn:aws:sts::123456789012:assumed-role\/demo-role\/[0-9a-f]+$/m);
    expect(stdout).toMatch(/^Account: 123456789012$/m);
  });

  it("examples/emulator/quick-start.mjs (the emulator docs' first example) prints the assumed role", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/emulator/quick-start.mjs"], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/^Arn: arn:aws:sts::123456789012:assumed-role\/App\/[0-9a-f]+$/m);
  });

  it("no runnable example needs pkijs (a dev dependency) outside the lab's easy-rsa stand-in and the custom-signer CA", async () => {
    const { readFile } = await import("node:fs/promises");
    for (const file of ["examples/sdk-v3/get-caller-identity.mjs", "examples/serve/serve-demo.mjs", "examples/emulator/quick-start.mjs"]) {
      const text = await readFile(`${root}${file}`, "utf8");
      expect(text).not.toMatch(/pkijs|pki-in-process/);
    }
  });

  it("examples/sdk-v3/role-chaining.mjs prints the workload role in the workload account", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/sdk-v3/role-chaining.mjs"], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/^Arn: +arn:aws:sts::444455556666:assumed-role\/deploy-role\/deploy$/m);
    expect(stdout).toMatch(/^Account: 444455556666$/m);
  });

  it("examples/serve/serve-demo.mjs gets credentials from `serve` through the SDK's default chain", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/serve/serve-demo.mjs"], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/^serve listens on http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(stdout).toMatch(
      /^GetCallerIdentity through the default chain: arn:aws:sts::123456789012:assumed-role\/served-role\/[0-9a-f]+$/m,
    );
  });
});
