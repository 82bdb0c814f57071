import { fromRolesAnywhere, getRolesAnywhereCredentials } from "../fromRolesAnywhere";
import { createIdentitySource } from "../identitySource";
import { type FromRolesAnywhereInit, resolveOptions } from "../options/options";
import { createNodeTransport } from "../node/transport";
import type { CommandContext } from "./context";
import { createCliLogger } from "./logger";
import { pkcs11Secrets } from "./pkcs11Flags";
import { retryWithTypedPassword } from "./askPassword";
import { buildSessionInit, type CliSessionInit } from "./sessionInit";
import { buildTransportOptions } from "./proxy/transportOptions";
import { CACHE_HOOKS } from "../cache/cacheHooks";
import type { RefreshTimer } from "../cache/cache";
import { trackFetchTime } from "./fetchTime";

/** Credentials as the commands use them. @internal */
export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId?: string;
  /** When Roles Anywhere issued them (serve's `LastUpdated`); set by `cached()`. */
  readonly lastUpdated?: Date;
}

/** A configured session: one-shot and cached credential sources. @internal */
export interface CliSession {
  readonly init: CliSessionInit;
  /** One CreateSession call, no cache (credential-process, export, update). */
  fetchOnce(): Promise<CliCredentials>;
  /** A cached provider that refreshes itself at each refresh point, whether asked or not (serve). */
  cached(): () => Promise<CliCredentials>;
  /** The leaf certificate's DER, from wherever the identity comes from (file, PKCS#12, token). */
  leafCertificate(): Promise<Uint8Array>;
}

/** The longest delay `setTimeout` takes (about 24.8 days); credentials last 12 hours at most. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A real timer that does not keep the process alive by itself. */
const backgroundTimer: RefreshTimer = (delayMs, run) => {
  const timer = setTimeout(run, Math.min(delayMs, MAX_TIMER_MS));
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Validates the session flags, builds the transport (TLS, proxy) and logger, and returns the
 * credential sources. Every credential obtained is registered with the redactor.
 * @internal
 */
export async function openSession(ctx: CommandContext, base?: Partial<CliSessionInit>, built?: CliSessionInit): Promise<CliSession> {
  const env = ctx.io.env;
  const init = { ...base, ...(built ?? (await buildSessionInit(ctx.flags, env, ctx.cwd))) };
  ctx.redactor.add(init.passphrase);
  ctx.redactor.add(init.tpmKeyPassword);
  ctx.redactor.add(init.pkcs11Pin);
  for (const pin of pkcs11Secrets([init.certificate, init.privateKey], {})) ctx.redactor.add(pin);
  // The library's option checks (ARNs, region, duration, endpoint) run before any I/O.
  const options = resolveOptions(init);
  const transport = await buildTransportOptions(ctx.flags, env, options.endpoint);
  const fetch = createNodeTransport(transport);
  const logger = createCliLogger(ctx.stderr, ctx.flags.debug === true);
  let full: FromRolesAnywhereInit = { ...init, fetch, logger };
  // The error does not say which kind of key wanted a password: a typed one serves either.
  const askOnce = <T>(attempt: () => Promise<T>): Promise<T> =>
    retryWithTypedPassword(
      ctx,
      () => full.passphrase !== undefined || full.tpmKeyPassword !== undefined,
      (typed) => {
        if (typed !== undefined) full = { ...full, passphrase: typed, tpmKeyPassword: typed };
        return attempt();
      },
    );
  const remember = (c: CliCredentials): CliCredentials => {
    ctx.redactor.add(c.secretAccessKey);
    ctx.redactor.add(c.sessionToken);
    return c;
  };
  return {
    init,
    fetchOnce: async () => remember(await askOnce(() => getRolesAnywhereCredentials(full))),
    cached: () => {
      const timing = trackFetchTime(fetch);
      // Refreshed at its drawn refresh point by a timer: clients of `serve` (SDKs) ask only in
      // their own last 5 minutes, which would bring a fleet back in step.
      const build = () =>
        fromRolesAnywhere({ ...full, fetch: timing.fetch, [CACHE_HOOKS]: { timer: backgroundTimer } } as FromRolesAnywhereInit);
      let provider = build();
      let builtWith = full.passphrase;
      // A password typed at the first fetch rebuilds the provider once.
      return async () => {
        const credentials = remember(
          await askOnce(() => {
            if (full.passphrase !== builtWith) [provider, builtWith] = [build(), full.passphrase];
            return provider();
          }),
        );
        return { ...credentials, lastUpdated: timing.fetchedAt(credentials) };
      };
    },
    leafCertificate: async () => (await askOnce(() => createIdentitySource(full)(new Date()))).certificate.der,
  };
}
