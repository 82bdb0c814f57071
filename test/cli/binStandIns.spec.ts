/** The built CLI reads DER with its asn1js stand-in (src/cli/asn1jsShim.ts): what it ships, and that the bin reads what the library reads. */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DerNode, concatBytes, parseDer } from "../../src/encoding/der";
import { type IdentityFiles, makeIdentity, runCli } from "../support/cli";
import { BIN, hasBin, runProcess } from "../support/processes";

const CLI_FILES = ["cli.cjs", "cli/credentialProcess.cjs", "cli/bin.cjs", "cli/cacheHit.cjs"];

/** Every constructed element with an indefinite length: valid BER, as some tools write it. */
const indefinite = (node: DerNode): Uint8Array =>
  node.constructed
    ? concatBytes(node.raw.subarray(0, 1), Uint8Array.of(0x80), ...node.children.map(indefinite), Uint8Array.of(0, 0))
    : node.raw;

let ids: IdentityFiles;
beforeAll(async () => {
  ids = await makeIdentity({ subject: { CN: "stand-in", O: "Example" } });
});
afterAll(async () => {
  await ids?.cleanup();
});

describe.skipIf(!hasBin)(`the CLI's asn1js stand-in${hasBin ? "" : " (skipped: dist/cli.cjs missing; run npm run build)"}`, () => {
  it("is what the CLI bundles hold: no asn1js in them", () => {
    const bundles = CLI_FILES.map((file) => readFileSync(join(BIN, "..", file), "utf8"));
    for (const text of bundles) {
      expect(text).not.toMatch(/require\(["']asn1js["']\)/);
      // An error message of asn1js's own, bundled with it if it were there.
      expect(text).not.toContain("Unused bits for BitString must be in range 0-7");
    }
    expect(bundles[1]).toContain("not a well-formed BER element");
    // The bin hands its own require to these files (src/cli/codeCache/loadCompiled.ts): nothing in
    // them may be required by a relative path, which would resolve from the bin's directory.
    for (const text of bundles.slice(1)) expect(text).not.toMatch(/require\(["']\.\.?\//);
  });

  it("reads a BER-encoded certificate (indefinite lengths) as the library does", async () => {
    const der = Buffer.from(readFileSync(ids.cert, "utf8").replace(/-----[^-]+-----|\s/g, ""), "base64");
    const ber = indefinite(parseDer(der)!);
    expect(ber.length).toBeGreaterThan(der.length);
    const file = join(ids.dir, "ber.pem");
    await writeFile(file, `-----BEGIN CERTIFICATE-----\n${Buffer.from(ber).toString("base64")}\n-----END CERTIFICATE-----\n`);
    const bin = await runProcess(process.execPath, [BIN, "read-certificate-data", "--certificate", file], {});
    const library = await runCli(["read-certificate-data", "--certificate", file]);
    expect(bin).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(bin.stdout)).toEqual(JSON.parse(library.stdout));
    expect(JSON.parse(bin.stdout)).toMatchObject({ keyType: "EC" });
  });
});
