import { CredentialsProviderError } from "@smithy/property-provider";

/**
 * Every failure this package reports carries one of these codes, so callers can
 * `switch (error.code)` instead of matching message text.
 *
 * @public
 */
export type RolesAnywhereErrorCode =
  | "ERR_INVALID_OPTION"
  | "ERR_INVALID_ARN"
  | "ERR_REGION_MISMATCH"
  | "ERR_INVALID_CERTIFICATE"
  | "ERR_CERTIFICATE_EXPIRED"
  | "ERR_INVALID_CHAIN"
  | "ERR_INVALID_PRIVATE_KEY"
  | "ERR_KEY_MISMATCH"
  | "ERR_BAD_PASSPHRASE"
  | "ERR_UNSUPPORTED_KEY"
  | "ERR_SIGNER"
  | "ERR_FILE"
  | "ERR_ACCESS_DENIED"
  | "ERR_VALIDATION"
  | "ERR_NOT_FOUND"
  | "ERR_THROTTLED"
  | "ERR_SERVICE"
  | "ERR_TIMEOUT"
  | "ERR_NETWORK"
  | "ERR_BAD_RESPONSE";

/**
 * Extra context attached to a {@link RolesAnywhereError}.
 *
 * @public
 */
export interface RolesAnywhereErrorOptions {
  /** The underlying error, if any. Never carries key material. */
  cause?: unknown;
  /** AWS error type of a service error, e.g. `AccessDeniedException`. */
  errorType?: string;
  /** HTTP status of a service error. */
  statusCode?: number;
  /** The service's own message, verbatim. */
  serviceMessage?: string;
  /** The service's request id, when it sent one. */
  requestId?: string;
}

/**
 * Marks a {@link RolesAnywhereError}. `Symbol.for` makes it the same symbol in every copy of this
 * package loaded in one process (the ESM and the CJS build, another installed version), so the
 * checks below work across copies where a plain `instanceof` would not.
 */
const BRAND: unique symbol = Symbol.for("credential-provider-roles-anywhere.RolesAnywhereError");

/** True when `value` carries the brand of any copy of this package's error class. */
const hasBrand = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;

/**
 * The one error class this package throws.
 *
 * It extends `CredentialsProviderError` from `@smithy/property-provider` with
 * `tryNextLink: false`: once Roles Anywhere is configured explicitly, a credential
 * chain must stop and show this error rather than hide it behind
 * "Could not load credentials from any providers".
 *
 * @example
 * ```ts
 * try {
 *   await provider();
 * } catch (error) {
 *   if (error instanceof RolesAnywhereError && error.code === "ERR_ACCESS_DENIED") {
 *     console.error(error.serviceMessage);
 *   }
 * }
 * ```
 *
 * @public
 */
export class RolesAnywhereError extends CredentialsProviderError {
  /**
   * `instanceof RolesAnywhereError` holds for errors from every entry point of the package (the
   * root, `/signing`, `/emulator` are separate bundles, each with its own copy of this class) and
   * from another copy of the package (the ESM and the CJS build): it checks a brand, not the
   * prototype chain. A subclass keeps the ordinary prototype-chain `instanceof`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== RolesAnywhereError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return hasBrand(value);
  }

  override name = "RolesAnywhereError";
  /** A stable, machine-readable code. */
  readonly code: RolesAnywhereErrorCode;
  /** AWS error type of a service error, e.g. `AccessDeniedException`. */
  readonly errorType?: string;
  /** HTTP status of a service error. */
  readonly statusCode?: number;
  /** The service's own message, verbatim. */
  readonly serviceMessage?: string;
  /** The service's request id, when it sent one. */
  readonly requestId?: string;

  constructor(code: RolesAnywhereErrorCode, message: string, options: RolesAnywhereErrorOptions = {}) {
    super(message, { tryNextLink: false });
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, BRAND, { value: true });
    this.code = code;
    if (options.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
    if (options.errorType !== undefined) this.errorType = options.errorType;
    if (options.statusCode !== undefined) this.statusCode = options.statusCode;
    if (options.serviceMessage !== undefined) this.serviceMessage = options.serviceMessage;
    if (options.requestId !== undefined) this.requestId = options.requestId;
  }
}

/**
 * True when `value` is a {@link RolesAnywhereError}, optionally with the given code. Works for an
 * error thrown by any copy of this package in the process (ESM or CJS build, any entry point).
 *
 * @public
 */
export const isRolesAnywhereError = (value: unknown, code?: RolesAnywhereErrorCode): value is RolesAnywhereError =>
  hasBrand(value) && (code === undefined || (value as RolesAnywhereError).code === code);
