import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PromptTerminal, promptHidden } from "../../src/cli/passphrasePrompt";
import { type IdentityFiles, type StubServer, makeIdentity, runCli, sessionArgs, startCreateSessionStub } from "../support/cli";

const PASSWORD = "typed-at-the-terminal";

/** A fake terminal that "types" `keys` once the prompt was written, and records what was shown. */
const fakeTerminal = (keys: string) => {
  const input = Object.assign(new PassThrough(), {
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      this.rawModes.push(mode);
    },
  });
  let shown = "";
  const output = new PassThrough();
  output.on("data", (chunk: Buffer) => {
    shown += chunk.toString();
    if (chunk.toString().includes("password")) setImmediate(() => input.write(keys));
  });
  let closed = false;
  const terminal: PromptTerminal = { input, output, close: () => void (closed = true) };
  return { terminal, input, shown: () => shown, closed: () => closed };
};

describe("promptHidden", () => {
  it("reads a line in raw mode without echoing it, honouring backspace", async () => {
    const fake = fakeTerminal("secrx\u007ft\r");
    expect(await promptHidden(fake.terminal, "Enter the password: ")).toBe("secrt");
    expect(fake.shown()).toBe("Enter the password: \n");
    expect(fake.input.rawModes).toEqual([true, false]);
  });

  it.each([
    ["Ctrl-C", "abc\u0003"],
    ["Ctrl-D on an empty line", "\u0004"],
  ])("resolves undefined on %s", async (_name, keys) => {
    expect(await promptHidden(fakeTerminal(keys).terminal, "password: ")).toBeUndefined();
  });
});

describe("credential-process asks for the password of an encrypted key on the terminal", () => {
  let ids: IdentityFiles;
  let stub: StubServer;
  let encrypted: string;
  beforeAll(async () => {
    ids = await makeIdentity();
    stub = await startCreateSessionStub();
    encrypted = join(ids.dir, "encrypted.pem");
    await writeFile(
      encrypted,
      ids.leaf.key.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSWORD }) as string,
      { mode: 0o600 },
    );
  });
  afterAll(async () => {
    await stub.close();
    await ids.cleanup();
  });

  it("prompts when no password was given and a terminal exists, then signs", async () => {
    const fake = fakeTerminal(`${PASSWORD}\r`);
    const r = await runCli(["credential-process", ...sessionArgs({ cert: ids.cert, key: encrypted }, stub.url)], {
      terminal: async () => fake.terminal,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
    expect(fake.shown()).toBe("Enter the password of the private key: \n");
    expect(fake.closed()).toBe(true);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("without a terminal fails as before: one line, exit 1, nothing on stdout", async () => {
    const r = await runCli(["credential-process", ...sessionArgs({ cert: ids.cert, key: encrypted }, stub.url)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/encrypted and no passphrase was given.*\[ERR_BAD_PASSPHRASE\]/);
  });

  it("a wrong typed password is ERR_BAD_PASSPHRASE and is never echoed", async () => {
    const fake = fakeTerminal("not-the-password\r");
    const r = await runCli(["credential-process", ...sessionArgs({ cert: ids.cert, key: encrypted }, stub.url)], {
      terminal: async () => fake.terminal,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[ERR_BAD_PASSPHRASE\]/);
    expect(r.stderr).not.toContain("not-the-password");
  });
});
