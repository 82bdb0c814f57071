/**
 * A throw-away consumer project with the packed package installed from its tarball (what
 * `npm install credential-provider-roles-anywhere` gives a user), plus any extra packages at
 * the versions this repository uses. Runs npm from the cache when it can.
 * @internal
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface PackedProject {
  readonly dir: string;
  readonly root: string;
  /** The files in the tarball, without the `package/` prefix. */
  readonly tarballFiles: readonly string[];
  remove(): void;
}

/** The version of `name` installed in this repository's node_modules (for a matching install). */
const repositoryVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/**
 * Packs the repository (or `packFrom`, a copy of it; `npm pack` runs the `prepack` build) and
 * installs the tarball and `extra` packages in a temporary folder.
 */
export const createPackedProject = (prefix: string, extra: readonly string[] = [], packFrom: string = root): PackedProject => {
  if (packFrom === root && !existsSync(join(root, "dist/index.cjs"))) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let tarballFiles: string[];
  try {
    execFileSync("npm", ["pack", "--pack-destination", dir], { cwd: packFrom, stdio: "ignore" });
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"))!;
    tarballFiles = execFileSync("tar", ["-tzf", join(dir, tarball)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ""));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
    const packages = [`./${tarball}`, ...extra.map((name) => `${name}@${repositoryVersion(name)}`)];
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...packages], {
      cwd: dir,
      stdio: "ignore",
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, root, tarballFiles, remove: () => rmSync(dir, { recursive: true, force: true }) };
};
