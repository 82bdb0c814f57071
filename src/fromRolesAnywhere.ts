import type { AwsCredentialIdentityProvider, Logger } from "@smithy/types";
import { type ProviderCallOptions, createCachedProvider } from "./cache/cache";
import { cacheHooksOf } from "./cache/cacheHooks";
import { RolesAnywhereError } from "./errors";
import { raceAbort, withTimeout } from "./transport/abort";
import { type IdentitySource, createIdentitySource } from "./identitySource";
import { type FromRolesAnywhereInit, type ResolvedOptions, resolveOptions } from "./options/options";
import { signCreateSessionRequest } from "./request/createSessionRequest";
import type { RolesAnywhereCredentials } from "./response/response";
import { type CorrectedClock, createCorrectedClock } from "./transport/clockSkew";
import { retryHooksOf } from "./transport/retryHooks";
import { sendCreateSession } from "./transport/send";
import type { FetchLike } from "./transport/transport";
import { runtimeDefaults } from "./runtime/defaults";

/**
 * The provider returned by {@link fromRolesAnywhere}: an SDK v3
 * `AwsCredentialIdentityProvider` whose identities are {@link RolesAnywhereCredentials}.
 *
 * @public
 */
export type RolesAnywhereCredentialProvider = ((
  options?: ProviderCallOptions & Record<string, unknown>,
) => Promise<RolesAnywhereCredentials>) &
  AwsCredentialIdentityProvider;

/**
 * Per-call options of {@link getRolesAnywhereCredentials}.
 *
 * @public
 */
export interface GetCredentialsOptions {
  /** Aborts the call (and its retries). */
  readonly signal?: AbortSignal;
  /** Same as `signal`, under the name SDK v3 uses. */
  readonly abortSignal?: AbortSignal;
}

/** Throttling is waited out on a cold start (the cache's `coldStartRetry`): the fleet is rationed, not refused. */
const isThrottling = (error: unknown): boolean => error instanceof RolesAnywhereError && error.code === "ERR_THROTTLED";

/** An abort reason that `abortError()` reads as a timeout (`name` "TimeoutError"), carrying the message. */
const timeoutReason = (error: Error): Error => Object.assign(new Error(error.message), { name: "TimeoutError" });

interface Prepared {
  readonly options: ResolvedOptions;
  readonly identity: IdentitySource;
  /** The local clock corrected by the offset learnt from the service (clock skew). */
  readonly clock: CorrectedClock;
  transport?: Promise<FetchLike>;
}

const prepare = (init: FromRolesAnywhereInit): Prepared => {
  const options = resolveOptions(init);
  return { options, identity: createIdentitySource(init), clock: createCorrectedClock(options.now) };
};

const fetchCredentials = async (
  prepared: Prepared,
  init: FromRolesAnywhereInit,
  signal: AbortSignal | undefined,
  retryThrottling = true,
): Promise<RolesAnywhereCredentials> => {
  const { options, identity, clock } = prepared;
  const logger = init.logger as Logger | undefined;
  // The load stops (a long key derivation included) when it times out or the caller aborts.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let signingIdentity;
  try {
    if (signal?.aborted) onAbort();
    signingIdentity = await raceAbort(
      withTimeout(identity(clock.now(), stop.signal), options.timeout, "Loading the certificate and private key", (error) =>
        stop.abort(timeoutReason(error)),
      ),
      signal,
    );
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  logger?.debug?.("roles-anywhere: certificate and key loaded");
  prepared.transport ??= init.fetch ? Promise.resolve(init.fetch) : runtimeDefaults().transport();
  const credentials = await sendCreateSession((date) => signCreateSessionRequest(options, signingIdentity, date), {
    fetch: await prepared.transport,
    timeout: options.timeout,
    maxRetries: options.maxRetries,
    retryThrottling,
    now: options.now,
    clock,
    signatureContext: {
      region: options.region,
      customEndpoint: init.endpoint !== undefined,
      keyUnchecked: signingIdentity.signer.keyUnchecked === true,
    },
    ...retryHooksOf(init),
    ...(signal ? { signal } : {}),
    ...(logger ? { logger } : {}),
  });
  const now = clock.now();
  if (credentials.expiration.getTime() <= now.getTime()) {
    throw new RolesAnywhereError(
      "ERR_BAD_RESPONSE",
      `CreateSession returned credentials that expired at ${credentials.expiration.toISOString()}, before now (${now.toISOString()}). Check the system clock.`,
    );
  }
  logger?.debug?.(`roles-anywhere: got credentials for ${options.roleArn}, valid until ${credentials.expiration.toISOString()}`);
  return credentials;
};

/**
 * Fetches Roles Anywhere credentials once, without caching: what the CLI's
 * `credential-process` does. Validates every option and input before any network call.
 *
 * @throws {@link RolesAnywhereError}
 * @public
 */
export const getRolesAnywhereCredentials = async (
  init: FromRolesAnywhereInit,
  { signal, abortSignal }: GetCredentialsOptions = {},
): Promise<RolesAnywhereCredentials> => {
  init?.logger?.debug?.("@credential-provider-roles-anywhere - getRolesAnywhereCredentials");
  return fetchCredentials(prepare(init), init, signal ?? abortSignal);
};

/**
 * A copy for one caller: the SDK adds `$source` to credentials it is given (and callers may
 * change theirs), so the cached value is never handed out itself.
 */
const copyFor = (credentials: RolesAnywhereCredentials): RolesAnywhereCredentials => {
  // A literal of the known fields (one shape, no spread of unknown keys) and one new Date: this
  // runs on every call, so it is the cached call's main cost after the `await` itself.
  const { accessKeyId, secretAccessKey, sessionToken, expiration, accountId } = credentials;
  return accountId === undefined
    ? { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration.getTime()) }
    : { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration.getTime()), accountId };
};

/**
 * Creates an AWS SDK v3 credential provider that signs a Roles Anywhere
 * `CreateSession` request with an X.509 certificate and its private key.
 *
 * The provider shares one in-flight request among concurrent callers, caches the
 * credentials until a refresh point drawn at random between 15 and 5 minutes before
 * they expire (then refreshes in the background; a fleet of providers that started
 * together does not refresh together), honours `forceRefresh`, never caches a
 * failure, and keeps serving still-valid credentials while a refresh fails (backing
 * off 10 s or more, with jitter, between failed refreshes). Without credentials, a
 * throttled `CreateSession` is retried with full-jitter backoff for up to 30 minutes.
 * Every call resolves to a new plain object (its own `expiration` `Date` too), so a
 * caller that changes it, as the SDK does when it is passed as static `credentials`, never
 * changes what the next caller gets. Pass `{ abortSignal }` to stop waiting. When the service rejects the
 * signature and its `Date` header shows the local clock is more than 4 minutes off,
 * the provider remembers the offset, signs with the corrected time and retries once.
 * Option errors surface as a {@link RolesAnywhereError} on the first call, before
 * any network traffic.
 *
 * @example
 * ```ts
 * import { S3Client } from "@aws-sdk/client-s3";
 * import { fromRolesAnywhere } from "credential-provider-roles-anywhere";
 *
 * const credentials = fromRolesAnywhere({
 *   trustAnchorArn: "arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/…",
 *   profileArn: "arn:aws:rolesanywhere:eu-west-1:123456789012:profile/…",
 *   roleArn: "arn:aws:iam::123456789012:role/my-role",
 *   certificateFile: "/etc/pki/workload.crt",
 *   privateKeyFile: "/etc/pki/workload.key",
 * });
 * const s3 = new S3Client({ region: "eu-west-1", credentials });
 * ```
 * @public
 */
export const fromRolesAnywhere = (init: FromRolesAnywhereInit): RolesAnywhereCredentialProvider => {
  init?.logger?.debug?.("@credential-provider-roles-anywhere - fromRolesAnywhere");
  let prepared: Prepared | undefined;
  let setupError: unknown;
  try {
    prepared = prepare(init);
  } catch (error) {
    setupError = error;
  }
  const now = prepared?.clock.now ?? (() => new Date());
  const nowMs = prepared?.clock.nowMs ?? Date.now;
  const { sleep, random } = retryHooksOf(init);
  const { timer, earliestRefreshMs } = cacheHooksOf(init);
  const provider = createCachedProvider(
    async (coldRetry, spare) => {
      if (!prepared) throw setupError;
      // The cache's throttled cold start waits between its own attempts, and a background refresh with
      // time to spare retries after its jittered backoff: no quick retries of a throttle inside them.
      return fetchCredentials(prepared, init, undefined, coldRetry === 0 && !spare);
    },
    {
      now,
      nowMs,
      coldStartRetry: isThrottling,
      ...(init?.logger ? { logger: init.logger } : {}),
      ...(sleep ? { sleep } : {}),
      ...(random ? { random } : {}),
      ...(timer ? { timer } : {}),
      ...(earliestRefreshMs === undefined ? {} : { earliestRefreshMs }),
    },
    copyFor,
  );
  // AWS SDK v3 wraps a credentials function in its own cache, which asks again only 5 minutes
  // before expiry; a provider marked `memoized` is asked on every request instead, so the
  // refresh point drawn by this cache (5 to 15 minutes before expiry) is the one that counts.
  return Object.assign(provider, { memoized: true }) as RolesAnywhereCredentialProvider;
};
