/**
 * The library's messages name its options; the CLI shows the same messages with its flags.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI_WORDS, cliMessage } from "../src/cli/cliWords";
import { RolesAnywhereError } from "../src/errors";
import { LIBRARY_WORDS, messageInWords, wordedError } from "../src/errorWords";
import { validateArn } from "../src/protocol/arn";
import { parseServiceError } from "../src/response/serviceError";
import { runCli, sessionArgs, startCreateSessionStub, useIdentityAndStub } from "./support/cli";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );

const caught = (f: () => unknown): RolesAnywhereError => {
  try {
    f();
  } catch (error) {
    return error as RolesAnywhereError;
  }
  throw new Error("did not throw");
};

describe("option words", () => {
  it("a worded error says options in the library and flags in the CLI; other errors keep their message", () => {
    const error = wordedError("ERR_BAD_PASSPHRASE", (w) => `Pass it with ${w.option("passphrase")}; ${w.name("roleArn")} is fine.`);
    expect(error.message).toBe("Pass it with the passphrase option; roleArn is fine.");
    expect(messageInWords(error, LIBRARY_WORDS)).toBe(error.message);
    expect(cliMessage(error)).toBe("Pass it with --pkcs8-password or ROLES_ANYWHERE_PKCS8_PASSWORD; --role-arn is fine.");
    expect(messageInWords(new RolesAnywhereError("ERR_NETWORK", "plain"), CLI_WORDS)).toBeUndefined();
    expect(cliMessage(new Error("plain"))).toBe("plain");
  });

  it("ARN errors name the option or the flag", () => {
    const error = caught(() => validateArn("trustAnchorArn", "arn:aws:iam::123456789012:role/x"));
    expect(error.message).toMatch(/^trustAnchorArn "arn:aws:iam::123456789012:role\/x" is an ARN of the service "iam"/);
    expect(cliMessage(error)).toMatch(/^--trust-anchor-arn "arn:aws:iam::123456789012:role\/x" is an ARN of the service "iam"/);
  });

  it("the Untrusted signing certificate hint names certificateChain, or --intermediates in the CLI", () => {
    const error = parseServiceError(403, { "x-amzn-errortype": "AccessDeniedException" }, '{"message":"Untrusted signing certificate"}');
    expect(error.message).toContain("pass the intermediates with the certificateChain or certificateChainFile option");
    expect(error.message).not.toContain("--");
    expect(cliMessage(error)).toContain("pass the intermediates with --intermediates");
  });

  it("no library message names a CLI flag or says (CLI: …); only src/cli/ and the emulator speak flags", () => {
    const flag =
      /["`'][^"`'\n]*(\(CLI:|--(pkcs8-password|intermediates|private-key|trust-anchor-arn|profile-arn|role-arn|role-session-name|pkcs11-lib)\b)/;
    const offenders = files(src)
      .map((path) => relative(src, path))
      .filter((path) => !path.startsWith("cli") && !path.startsWith("emulator") && path !== "errorWords.ts")
      .filter((path) => flag.test(readFileSync(join(src, path), "utf8")));
    expect(offenders).toEqual([]);
  });

  describe("CLI", () => {
    const fixture = useIdentityAndStub();

    it("credential-process: Invalid signature at an explicit endpoint names --region, and rules out the key it checked", async () => {
      const denied = await startCreateSessionStub(() => ({
        status: 403,
        body: JSON.stringify({ message: "Invalid signature" }),
        headers: { "X-Amzn-ErrorType": "AccessDeniedException" },
      }));
      try {
        const r = await runCli(["credential-process", ...sessionArgs(fixture.ids, denied.url)]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("Ruled out: the private key matches the certificate (checked before sending).");
        expect(r.stderr).toMatch(
          /\(1\) the endpoint \(127\.0\.0\.1:\d+\) serves another region than us-east-1, the region the request was signed for \(the trust anchor's, or --region\)/,
        );
        expect(r.stderr).not.toMatch(/region option|Check that the private key belongs/);
      } finally {
        await denied.close();
      }
    });
  });
});
