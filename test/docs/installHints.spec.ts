/**
 * The docs and the CLI's help never recommend running the CLI through npx by its bare command
 * name: outside this package's folder, npx resolves that name as a registry package, which is not
 * this one. Installed bin, absolute path, or `npx --package=<this package> …` only.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/specs";
import { runCli } from "../support/cli";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BARE_NPX = /\bnpx\s+(?:-y\s+|--yes\s+)?roles-anywhere\b/;
const SELF = "test/docs/installHints.spec.ts"; // holds the pattern's own examples
const TEXT = /\.(md|ts|mts|cts|js|mjs|cjs|json|sh|txt)$|(^|\/)run$/;

/** Tracked (and new, not ignored) files of the repository, except the changelog's history. */
function repositoryTextFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return listed.split("\n").filter((path) => TEXT.test(path) && !["CHANGELOG.md", "package-lock.json", SELF].includes(path));
}

describe("install hints", () => {
  it("no file in the repository recommends npx with the bare command name", () => {
    const files = repositoryTextFiles();
    expect(files).toContain("README.md");
    const offenders = files.filter((path) => {
      let text: string;
      try {
        text = readFileSync(join(root, path), "utf8");
      } catch {
        return false; // listed but deleted in the work tree
      }
      return BARE_NPX.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it("the pattern catches the forms it must catch", () => {
    expect(BARE_NPX.test("credential_process = npx roles-anywhere credential-process")).toBe(true);
    expect(BARE_NPX.test("npx -y roles-anywhere serve")).toBe(true);
    expect(BARE_NPX.test("npx --package=credential-provider-roles-anywhere roles-anywhere serve")).toBe(false);
  });

  it("no --help output recommends it, and credential-process --help names an installed bin", async () => {
    const outputs = [(await runCli(["--help"])).stdout];
    for (const command of COMMANDS) outputs.push((await runCli([command.name, "--help"])).stdout);
    for (const output of outputs) expect(output).not.toMatch(BARE_NPX);
    const help = (await runCli(["credential-process", "--help"])).stdout;
    expect(help).toContain("credential_process = roles-anywhere credential-process");
    expect(help).toMatch(/absolute path/);
  });
});
