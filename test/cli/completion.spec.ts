import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/specs";
import { runCli } from "../support/cli";

const hasShell = (shell: string): boolean => spawnSync(shell, ["-c", "exit 0"]).status === 0;

let dir: string;
let script: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ra-completion-"));
  script = join(dir, "roles-anywhere.bash");
  const r = await runCli(["completion", "bash"]);
  expect(r).toMatchObject({ code: 0, stderr: "" });
  await writeFile(script, r.stdout);
  await writeFile(join(dir, "cert.pem"), "x");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What bash completes for the command line `words`, the last word being the one under the cursor. */
const complete = (...words: string[]): string[] => {
  const line = ["roles-anywhere", ...words].map((w) => `'${w}'`).join(" ");
  const r = spawnSync(
    "bash",
    ["-c", `source '${script}'; COMP_WORDS=(${line}); COMP_CWORD=${words.length}; _roles_anywhere; printf '%s\\n' "\${COMPREPLY[@]}"`],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter(Boolean);
};

describe.skipIf(!hasShell("bash"))("completion bash (sourced in bash, queried as bash's completion would)", () => {
  it("completes commands, then each command's flags", () => {
    expect(complete("")).toEqual(expect.arrayContaining([...COMMANDS.map((c) => c.name), "help", "--version"]));
    expect(complete("si")).toEqual(["sign-string"]);
    expect(complete("sign-string", "--di")).toEqual(["--digest"]);
    expect(complete("credential-process", "--trust")).toEqual(["--trust-anchor-arn"]);
    expect(complete("serve", "--ho")).toEqual(["--hop-limit"]);
    expect(complete("credential-process", "--tpm")).toEqual(["--tpm-key-password"]);
  });

  it("completes flag values: the fixed ones, file names for paths, nothing for free text; shells after completion", () => {
    expect(complete("sign-string", "--format", "")).toEqual(["json", "text", "bin"]);
    expect(complete("sign-string", "--digest", "SHA5")).toEqual(["SHA512"]);
    expect(complete("credential-process", "--certificate", "ce")).toEqual(["cert.pem"]);
    expect(complete("credential-process", "--role-arn", "")).toEqual([]);
    expect(complete("completion", "")).toEqual(["bash", "zsh", "fish"]);
    expect(complete("help", "up")).toEqual(["update"]);
  });

  it("offers a command's actions beside its flags (cache clear), and directories for --cache-dir", async () => {
    expect(complete("cache", "")).toEqual(["clear", "--cache-dir", "--help"]);
    expect(complete("cache", "cl")).toEqual(["clear"]);
    await mkdir(join(dir, "cache-here"), { recursive: true });
    expect(complete("cache", "clear", "--cache-dir", "cache-")).toEqual(["cache-here"]);
  });
});

describe("completion zsh and fish", () => {
  it.each(["zsh", "fish"])("%s: every command and its flags are in the script", async (shell) => {
    const r = await runCli(["completion", shell]);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) {
      expect(r.stdout).toContain(command.name);
      for (const flag of command.flags)
        expect(r.stdout).toMatch(shell === "fish" ? new RegExp(`-l ${flag.name}\\b`) : new RegExp(`'--${flag.name}\\[`));
    }
    expect(r.stdout).toContain(shell === "fish" ? "__fish_seen_subcommand_from cache' -a 'clear'" : "'1:action:(clear)'");
  });

  it.skipIf(!hasShell("zsh"))("zsh parses the script", async () => {
    const file = join(dir, "_roles-anywhere");
    await writeFile(file, (await runCli(["completion", "zsh"])).stdout);
    expect(spawnSync("zsh", ["-n", file]).status).toBe(0);
  });

  it.skipIf(!hasShell("fish"))("fish parses the script", async () => {
    const file = join(dir, "roles-anywhere.fish");
    await writeFile(file, (await runCli(["completion", "fish"])).stdout);
    expect(spawnSync("fish", ["--no-execute", file]).status).toBe(0);
  });

  it("an unknown or missing shell is a usage error; --help explains how to install", async () => {
    for (const args of [[], ["tcsh"], ["bash", "zsh"]]) {
      const r = await runCli(["completion", ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/completion takes one shell: bash, zsh, fish/);
    }
    const help = await runCli(["completion", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/source <\(roles-anywhere completion bash\)/);
  });
});
