import { asInput } from "../../identitySource";
import type { DigestName } from "../../key/digestSigner";
import type { SigningIdentityInput } from "../../identity/identity";
import { signStringMessage } from "../../key/signStringMessage";
import { loadDigestSigner } from "../../identity/signingKey";
import { readFileBytes } from "../../node/files";
import { retryWithTypedPassword } from "../askPassword";
import type { CommandContext } from "../context";
import { EXIT_OK, UsageError } from "../errors";
import { pkcs11Secrets, resolvePkcs11 } from "../pkcs11Flags";
import { type CliKeyInit, checkKeyFlags, resolveKeyInit } from "../sessionInit";

const FORMATS = ["json", "text", "bin"] as const;
const DIGESTS = { SHA256: "SHA-256", SHA384: "SHA-384", SHA512: "SHA-512" } as const satisfies Record<string, DigestName>;

/**
 * `sign-string`: signs aws_signing_helper's fixed test string with the key (any source: key file,
 * PKCS#12, PKCS#11 token, TPM) and prints the signature as a JSON string of hex (`--format json`,
 * the default), hex (`text`) or raw bytes (`bin`), with no newline, as aws_signing_helper prints it.
 * No network.
 * @internal
 */
export async function run(ctx: CommandContext): Promise<number> {
  const format = choice(ctx.flags.format, "--format", FORMATS, "json");
  const digest = DIGESTS[choice(ctx.flags.digest, "--digest", Object.keys(DIGESTS) as (keyof typeof DIGESTS)[], "SHA256")];
  checkKeyFlags(ctx.flags, ctx.io.env, false);
  const init = resolvePkcs11(await resolveKeyInit(ctx.flags, ctx.io.env, ctx.cwd), ctx.flags, ctx.io.env, ctx.cwd);
  for (const secret of [init.passphrase, init.tpmKeyPassword, init.pkcs11Pin, ...pkcs11Secrets([init.certificate, init.privateKey], {})])
    ctx.redactor.add(secret);
  let input = await readInputs(init);
  const signer = await retryWithTypedPassword(
    ctx,
    () => input.passphrase !== undefined || input.tpmKeyPassword !== undefined,
    (typed) => {
      if (typed !== undefined) input = { ...input, passphrase: typed, tpmKeyPassword: typed };
      return loadDigestSigner(input);
    },
  );
  const message = signStringMessage(signer);
  if (ctx.flags.debug === true) {
    ctx.stderr.write(
      `roles-anywhere sign-string: signing the fixed string "AWS Roles Anywhere Credential Helper Signing Test" || "1" || SHA256("IAM RA" || public key) with ${signer.type} and ${digest}\n`,
    );
  }
  const signature = await signer.sign(message, digest);
  const hex = Buffer.from(signature).toString("hex");
  ctx.io.stdout.write(format === "bin" ? signature : format === "json" ? JSON.stringify(hex) : hex);
  return EXIT_OK;
}

function choice<T extends string>(value: string | boolean | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")} (got "${String(value).slice(0, 20)}").`);
}

/** The files named by the flags, read into the values the library takes. */
async function readInputs(init: CliKeyInit): Promise<SigningIdentityInput> {
  const read = async (path: string | undefined) => (path === undefined ? undefined : asInput(await readFileBytes(path)));
  const [certificate, privateKey, pkcs12] = await Promise.all([
    read(init.certificateFile),
    init.privateKeyFile === init.certificateFile ? undefined : read(init.privateKeyFile),
    init.pkcs12File === undefined ? undefined : readFileBytes(init.pkcs12File),
  ]);
  const keyFromCertificateFile = init.privateKeyFile !== undefined && init.privateKeyFile === init.certificateFile;
  return {
    ...((certificate ?? init.certificate) === undefined ? {} : { certificate: certificate ?? init.certificate! }),
    ...((privateKey ?? init.privateKey) === undefined ? {} : { privateKey: privateKey ?? init.privateKey! }),
    ...(keyFromCertificateFile && certificate !== undefined ? { privateKey: certificate as string } : {}),
    ...(pkcs12 === undefined ? {} : { pkcs12 }),
    ...(init.passphrase === undefined ? {} : { passphrase: init.passphrase }),
    ...(init.pkcs11Module === undefined ? {} : { pkcs11Module: init.pkcs11Module }),
    ...(init.pkcs11Pin === undefined ? {} : { pkcs11Pin: init.pkcs11Pin }),
    ...(init.tpmKeyPassword === undefined ? {} : { tpmKeyPassword: init.tpmKeyPassword }),
  };
}
