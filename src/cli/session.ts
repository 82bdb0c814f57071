import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../fromRolesAnywhere";
import { createIdentitySource } from "../identitySource";
import { type FromRolesAnywhereInit, resolveOptions } from "../options/options";
import { createNodeTransport } from "../node/transport";
import type { CommandContext } from "./context";
import { createCliLogger } from "./logger";
import { pkcs11Secrets } from "./pkcs11Flags";
import { openControllingTerminal, promptHidden } from "./passphrasePrompt";
import { buildSessionInit, type CliSessionInit } from "./sessionInit";
import { RolesAnywhereError } from "../errors";
import { buildTransportOptions } from "./proxy/transportOptions";

/** Credentials as the commands use them. @internal */
export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId?: string;
}

/** A configured session: one-shot and cached credential sources. @internal */
export interface CliSession {
  readonly init: CliSessionInit;
  /** One CreateSession call, no cache (credential-process, export, update). */
  fetchOnce(): Promise<CliCredentials>;
  /** A cached provider that refreshes ahead of expiry (serve). */
  cached(): () => Promise<CliCredentials>;
  /** The leaf certificate's DER, from wherever the identity comes from (file, PKCS#12, token). */
  leafCertificate(): Promise<Uint8Array>;
}

/**
 * Validates the session flags, builds the transport (TLS, proxy) and logger, and returns the
 * credential sources. Every credential obtained is registered with the redactor.
 * @internal
 */
export async function openSession(ctx: CommandContext, base?: Partial<CliSessionInit>, built?: CliSessionInit): Promise<CliSession> {
  const env = ctx.io.env;
  const init = { ...base, ...(built ?? (await buildSessionInit(ctx.flags, env, ctx.cwd))) };
  ctx.redactor.add(init.passphrase);
  ctx.redactor.add(init.pkcs11Pin);
  for (const pin of pkcs11Secrets([init.certificate, init.privateKey], {})) ctx.redactor.add(pin);
  // The library's option checks (ARNs, region, duration, endpoint) run before any I/O.
  const options = resolveOptions(init);
  const transport = await buildTransportOptions(ctx.flags, env, options.endpoint);
  const fetch = createNodeTransport(transport);
  const logger = createCliLogger(ctx.stderr, ctx.flags.debug === true);
  let full: FromRolesAnywhereInit = { ...init, fetch, logger };
  // An encrypted key and no password: ask on the terminal, as aws_signing_helper does, when
  // there is one (never under credential_process without a terminal: that fails as before).
  const askOnce = async <T>(attempt: () => Promise<T>): Promise<T> => {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RolesAnywhereError) || error.code !== "ERR_BAD_PASSPHRASE" || full.passphrase !== undefined) throw error;
      const terminal = await (ctx.terminal ?? ctx.io.terminal ?? openControllingTerminal)();
      if (!terminal) throw error;
      let passphrase: string | undefined;
      try {
        passphrase = await promptHidden(terminal, "Enter the password of the private key: ");
      } finally {
        terminal.close();
      }
      if (passphrase === undefined) throw error;
      ctx.redactor.add(passphrase);
      full = { ...full, passphrase };
      return attempt();
    }
  };
  const remember = (c: CliCredentials): CliCredentials => {
    ctx.redactor.add(c.secretAccessKey);
    ctx.redactor.add(c.sessionToken);
    return c;
  };
  return {
    init,
    fetchOnce: async () => remember(await askOnce(() => getRolesAnywhereCredentials(full))),
    cached: () => {
      let provider = fromRolesAnywhere(full);
      let builtWith = full.passphrase;
      // A password typed at the first fetch rebuilds the provider once.
      return async () =>
        remember(
          await askOnce(() => {
            if (full.passphrase !== builtWith) [provider, builtWith] = [fromRolesAnywhere(full), full.passphrase];
            return provider();
          }),
        );
    },
    leafCertificate: async () => (await askOnce(() => createIdentitySource(full)(new Date()))).certificate.der,
  };
}
