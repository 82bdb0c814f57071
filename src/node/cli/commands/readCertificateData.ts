import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { parseCertificate } from "../../../x509/certificate";
import { decodePem } from "../../../x509/pem";
import { certificateReport } from "../../certificateReport";
import type { CommandContext } from "../context";
import { CliError, EXIT_OK, UsageError } from "../errors";
import { describeFsError } from "../sessionInit";

/**
 * `read-certificate-data`: prints the certificate's key type, serial (decimal and hex), names,
 * validity and the session tags Roles Anywhere maps, as JSON.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const flag = ctx.flags.certificate;
  if (typeof flag !== "string" || flag.trim() === "") {
    throw new UsageError("--certificate is missing or empty: pass --certificate <cert.pem>.");
  }
  const path = isAbsolute(flag) ? flag : resolve(ctx.cwd, flag);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read the --certificate file ${path}: ${describeFsError(error)}. Check the path and its permissions.`);
  }
  const text = bytes.toString("latin1");
  let der: Uint8Array;
  if (text.includes("-----BEGIN")) {
    let blocks;
    try {
      blocks = decodePem(text);
    } catch (error) {
      throw new CliError(`the --certificate file ${path} is not valid PEM: ${(error as Error).message}.`);
    }
    const cert = blocks.find((b) => b.label === "CERTIFICATE");
    if (!cert) throw new CliError(`the --certificate file ${path} holds no "BEGIN CERTIFICATE" block. Pass the certificate, not the key.`);
    der = cert.der;
  } else {
    der = new Uint8Array(bytes);
  }
  const report = certificateReport(parseCertificate(der), new Date());
  ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return EXIT_OK;
}
