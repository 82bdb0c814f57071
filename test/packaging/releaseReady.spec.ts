/**
 * What a published package needs: where it comes from (repository, homepage, bugs), the license
 * it declares, and messages that point at nothing the tarball lacks.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );

describe("release-ready package", () => {
  it("says where it comes from", () => {
    expect(pkg.repository.type).toBe("git");
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/credential-provider-roles-anywhere\.git$/);
    const web = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
    expect(pkg.homepage).toBe(`${web}#readme`);
    expect(pkg.bugs.url).toBe(`${web}/issues`);
  });

  it("ships the Apache-2.0 text it declares", () => {
    expect(pkg.license).toBe("Apache-2.0");
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("no message in the code points into files the tarball lacks (examples/, docs/, test/, scripts/)", () => {
    const src = join(root, "src");
    const literal = /(["'`])(?:(?!\1).)*\b(examples|docs|test|bench|scripts)\/(?:(?!\1).)*\1/;
    const offenders = files(src).flatMap((path) =>
      readFileSync(path, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line) && literal.test(line))
        .map((line) => `${relative(root, path)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
