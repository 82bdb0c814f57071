import { homedir } from "node:os";
import { describe, expect, it } from "vitest";
import { expandUserPath, homeDirectory } from "../../src/cli/userPath";

describe("user paths", () => {
  it("takes the home from HOME, then USERPROFILE, then the OS (loading node:os only then)", () => {
    expect(homeDirectory({ HOME: "/home/a", USERPROFILE: "/u" })).toBe("/home/a");
    expect(homeDirectory({ USERPROFILE: "/u" })).toBe("/u");
    expect(homeDirectory({})).toBe(homedir());
  });

  it("expands ~ and ~/ and makes paths absolute against cwd", () => {
    expect(expandUserPath("~", { HOME: "/h" }, "/w")).toBe("/h");
    expect(expandUserPath("~/x/y", { HOME: "/h" }, "/w")).toBe("/h/x/y");
    expect(expandUserPath("~other/x", { HOME: "/h" }, "/w")).toBe("/w/~other/x");
    expect(expandUserPath("rel", {}, "/w")).toBe("/w/rel");
  });
});
