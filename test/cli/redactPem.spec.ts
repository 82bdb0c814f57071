/**
 * The stderr redactor masks private-key PEM blocks without eating the rest of a message: a
 * literal "-----BEGIN PRIVATE KEY-----" in an error keeps its fix text, code and newline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedactor, maskPrivateKeyBlocks } from "../../src/cli/redact";
import { type IdentityFiles, type StubServer, makeIdentity, runCli, sessionArgs, startCreateSessionStub } from "../support/cli";

let ids: IdentityFiles;
let stub: StubServer;
let body: string[];

beforeAll(async () => {
  ids = await makeIdentity({ rsa: true });
  stub = await startCreateSessionStub();
  body = ids.leaf.key.privateKeyPem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
});
afterAll(async () => {
  await stub.close();
  await ids.cleanup();
});

describe("maskPrivateKeyBlocks", () => {
  it("masks a whole block from BEGIN to its END line and keeps what follows", () => {
    const text = `before\n${ids.leaf.key.privateKeyPem}after [ERR_X]\n`;
    expect(maskPrivateKeyBlocks(text)).toBe("before\n-----BEGIN PRIVATE KEY----- [redacted]\nafter [ERR_X]\n");
  });

  it("a marker named in a message (no END, no body) leaves the text unchanged", () => {
    const text =
      'Provide a PEM ("-----BEGIN PRIVATE KEY-----", "RSA PRIVATE KEY" or "EC PRIVATE KEY") or DER bytes. [ERR_INVALID_PRIVATE_KEY]\n';
    expect(maskPrivateKeyBlocks(text)).toBe(text);
  });

  it("without an END line masks only the base64 lines after the BEGIN line", () => {
    const truncated = ["-----BEGIN PRIVATE KEY-----", ...body.slice(0, 5)].join("\n");
    const out = maskPrivateKeyBlocks(`key: ${truncated}\nthe key is cut short; fix the file [ERR_INVALID_PRIVATE_KEY]\n`);
    expect(out).toBe("key: -----BEGIN PRIVATE KEY-----\n[redacted]\nthe key is cut short; fix the file [ERR_INVALID_PRIVATE_KEY]\n");
    // The last short line of a body (after a full 64-character line) is part of it too.
    const tail = maskPrivateKeyBlocks(`-----BEGIN PRIVATE KEY-----\n${"A".repeat(64)}\nMIGH\nok\n`);
    expect(tail).toBe("-----BEGIN PRIVATE KEY-----\n[redacted]\nok\n");
  });

  it("masks a block folded onto one line (no END) but keeps the words after it", () => {
    const folded = `cannot use -----BEGIN PRIVATE KEY----- ${body.slice(0, 3).join(" ")}: not a path. [ERR_FILE]\n`;
    expect(maskPrivateKeyBlocks(folded)).toBe("cannot use -----BEGIN PRIVATE KEY----- [redacted]: not a path. [ERR_FILE]\n");
  });

  it("masks the headers and body of a legacy encrypted PEM without END", () => {
    const legacy = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n${body.slice(0, 3).join("\n")}\nthe key ends early.\n`;
    expect(maskPrivateKeyBlocks(legacy)).toBe("-----BEGIN RSA PRIVATE KEY-----\n[redacted]\nthe key ends early.\n");
  });

  it("the redactor keeps the final newline and never lets a body line through", () => {
    const r = createRedactor();
    const out = r.redact(`x ${ids.leaf.key.privateKeyPem}`);
    expect(out).toBe("x -----BEGIN PRIVATE KEY----- [redacted]\n");
    const cut = r.redact(["-----BEGIN PRIVATE KEY-----", ...body.slice(0, -2)].join("\n"));
    for (const line of body.slice(0, -2)) expect(cut).not.toContain(line);
  });
});

describe("the CLI's error line for an invalid key", () => {
  it("keeps its fix text, [ERR_…] code and newline when it names the PEM marker", async () => {
    const r = await runCli(["credential-process", ...sessionArgs({ cert: ids.cert, key: ids.cert }, stub.url)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^roles-anywhere credential-process: [^\n]*-----BEGIN PRIVATE KEY-----[^\n]+ \[ERR_INVALID_PRIVATE_KEY\]\n$/);
    expect(r.stderr).not.toContain("[redacted]");
  });
});
