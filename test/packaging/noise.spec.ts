/**
 * Noise that hid real problems: no EBADENGINE warning from `npm ci` on the Node running the tests,
 * and no AWS SDK Node-version notice in test output, while other warnings stay visible.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);

describe("noise", () => {
  it("every package npm ci installs accepts this Node (no EBADENGINE)", () => {
    // semver is what npm itself checks engines with (here as a dependency of the build tools).
    const semver = require("semver") as { satisfies(version: string, range: string): boolean };
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, "utf8")) as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const refusing = Object.entries(lock.packages)
      // "" is this package itself: npm checks the engines of what it installs, not of the project.
      .filter(
        ([path, entry]) => path !== "" && typeof entry.engines?.node === "string" && !semver.satisfies(process.version, entry.engines.node),
      )
      .map(([path, entry]) => `${path} (node ${entry.engines!.node})`);
    expect(refusing).toEqual([]);
  });

  it("the SDK's Node-version notice is off in test processes and their children; other warnings still show", async () => {
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe("true");
    const script = [
      'const { emitWarningIfUnsupportedVersion } = require("@aws-sdk/core");',
      'emitWarningIfUnsupportedVersion("v18.0.0");',
      'process.emitWarning("a warning that must stay visible");',
    ].join("\n");
    const { stderr } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: root, env: process.env, encoding: "utf8" });
    expect(stderr).not.toContain("NodeVersionSupportWarning");
    expect(stderr).toContain("a warning that must stay visible");
  });
});
