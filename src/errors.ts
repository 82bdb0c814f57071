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
 * The brand every {@link RolesAnywhereError} carries on its prototype. `Symbol.for` makes it the
 * same symbol in every copy of this package loaded in one process (the ESM and the CJS build, two
 * installed versions), so the checks below work across copies where a plain `instanceof` would not.
 */
const ROLES_ANYWHERE_ERROR_BRAND: unique symbol = Symbol.for("credential-provider-roles-anywhere.error");

/** True when `value` carries the brand of any copy of this package's error class. */
const hasErrorBrand = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as { [ROLES_ANYWHERE_ERROR_BRAND]?: unknown })[ROLES_ANYWHERE_ERROR_BRAND] === true;

/**
 * The one error class this package throws.
 *
 * It extends `CredentialsProviderError` from `@smithy/property-provider` with
 * `tryNextLink: false`: once Roles Anywhere is configured explicitly, a credential
 * chain must stop and show this error rather than hide it behind
 * "Could not load credentials from any providers".
 *
 * `error instanceof RolesAnywhereError` is true for an error from any copy of this package in
 * the process (the ESM and CJS builds, the main and the emulator entry): the class checks a
 * shared brand rather than its own prototype chain. Subclasses keep the ordinary `instanceof`.
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

  static {
    Object.defineProperty(this.prototype, ROLES_ANYWHERE_ERROR_BRAND, { value: true });
  }

  /** Brand check for this class (works across copies of the package); prototype chain for subclasses. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== RolesAnywhereError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return hasErrorBrand(value);
  }

  constructor(code: RolesAnywhereErrorCode, message: string, options: RolesAnywhereErrorOptions = {}) {
    super(message, { tryNextLink: false });
    Object.setPrototypeOf(this, new.target.prototype);
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
 * error thrown by any copy of this package in the process (ESM or CJS build, main or emulator
 * entry).
 *
 * @public
 */
export const isRolesAnywhereError = (value: unknown, code?: RolesAnywhereErrorCode): value is RolesAnywhereError =>
  hasErrorBrand(value) && (code === undefined || (value as RolesAnywhereError).code === code);
