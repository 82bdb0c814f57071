import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { checkPathValue, shownPath } from "../pathValue";
import { parseCertificate } from "../../certificate/certificate";
import { DEFAULT_PKCS11_MODULE } from "../../key/pkcs11/pkcs11Defaults";
import { isPkcs11Uri } from "../../key/pkcs11/pkcs11Uri";
import { decodePem } from "../../encoding/pem";
import { certificateReport } from "../certificateReport";
import type { CommandContext } from "../context";
import { CliError, EXIT_OK, UsageError } from "../errors";
import { type Pkcs11SessionFields, resolvePkcs11 } from "../pkcs11Flags";
import { describeFsError } from "../../node/fsError";

/**
 * `read-certificate-data`: prints the certificate's key type, serial (decimal and hex), names,
 * validity and the session tags Roles Anywhere maps, as JSON. `--certificate` may be a file or a
 * `pkcs11:` URI (read from the token through `--pkcs11-lib`).
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const flag = ctx.flags.certificate;
  if (typeof flag !== "string" || flag.trim() === "") {
    throw new UsageError("--certificate is missing or empty: pass --certificate <cert.pem>.");
  }
  if (isPkcs11Uri(flag.trim())) return print(ctx, await readFromToken(ctx, flag.trim()));
  checkPathValue(flag, "--certificate");
  const path = isAbsolute(flag) ? flag : resolve(ctx.cwd, flag);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read the --certificate file ${shownPath(path)}: ${describeFsError(error)}. Check the path and its permissions.`,
    );
  }
  const text = bytes.toString("latin1");
  let der: Uint8Array;
  if (text.includes("-----BEGIN")) {
    let blocks;
    try {
      blocks = decodePem(text);
    } catch (error) {
      throw new CliError(`the --certificate file ${shownPath(path)} is not valid PEM: ${(error as Error).message}.`);
    }
    const cert = blocks.find((b) => b.label === "CERTIFICATE");
    if (!cert)
      throw new CliError(
        `the --certificate file ${shownPath(path)} holds no "BEGIN CERTIFICATE" block. Pass the certificate, not the key.`,
      );
    der = cert.der;
  } else {
    der = new Uint8Array(bytes);
  }
  return print(ctx, der);
}

function print(ctx: CommandContext, der: Uint8Array): number {
  const report = certificateReport(parseCertificate(der), new Date());
  ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return EXIT_OK;
}

/** The certificate a `pkcs11:` URI names, read from the token (`--pkcs11-lib`, PIN as for the session commands). */
async function readFromToken(ctx: CommandContext, uri: string): Promise<Uint8Array> {
  const init = resolvePkcs11<Pkcs11SessionFields>({ certificate: uri }, ctx.flags, ctx.io.env, ctx.cwd);
  const { readPkcs11Certificate } = await import("../../key/pkcs11/pkcs11Signer");
  return readPkcs11Certificate(uri, {
    modulePath: init.pkcs11Module ?? DEFAULT_PKCS11_MODULE,
    ...(init.pkcs11Pin === undefined ? {} : { pin: init.pkcs11Pin }),
  });
}
