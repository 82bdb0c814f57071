/**
 * pkcs11js (native, built with node-gyp) is a development dependency that `npm ci` may skip: it is
 * an optional dependency of a private workspace (dev/optional-native), so a failed build is not an
 * install failure, and users of the published package never get it unless they install it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(`${root}${path}`, "utf8"));

describe("pkcs11js in development", () => {
  const pkg = json("package.json");
  const lock = json("package-lock.json");

  it("is not a dependency users install (only an optional peer)", () => {
    for (const field of ["dependencies", "optionalDependencies", "devDependencies"]) expect(pkg[field]?.pkcs11js).toBeUndefined();
    expect(pkg.peerDependencies.pkcs11js).toBeDefined();
    expect(pkg.peerDependenciesMeta.pkcs11js.optional).toBe(true);
    expect(pkg.files).toEqual(["dist"]);
  });

  it("comes from a private workspace as an optional dependency, so npm ci tolerates a failed build", () => {
    expect(pkg.workspaces).toEqual(["dev/optional-native"]);
    const workspace = json("dev/optional-native/package.json");
    expect(workspace.private).toBe(true);
    expect(workspace.optionalDependencies.pkcs11js).toBe(pkg.peerDependencies.pkcs11js);
    expect(lock.packages["dev/optional-native"].optionalDependencies.pkcs11js).toBe(pkg.peerDependencies.pkcs11js);
    expect(lock.packages["node_modules/pkcs11js"].optional).toBe(true);
    expect(lock.packages[""].devDependencies.pkcs11js).toBeUndefined();
  });
});
