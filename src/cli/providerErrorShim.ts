/**
 * Stand-in for `@smithy/property-provider` inside the CLI bundle only (see tsup.config.ts).
 *
 * Since 4.3 that package re-exports `@smithy/core/config`, whose module graph costs about
 * 13 ms at every CLI start, for one error class. The CLI never hands its errors to an SDK
 * chain or to user code, so a class of the same shape (`name`, `message`, `tryNextLink`)
 * serves. The library builds keep the real package.
 * @internal
 */
export class CredentialsProviderError extends Error {
  override name = "CredentialsProviderError";
  readonly tryNextLink: boolean;

  constructor(message: string, options: { tryNextLink?: boolean } | boolean = true) {
    super(message);
    this.tryNextLink = typeof options === "boolean" ? options : (options.tryNextLink ?? true);
  }
}
