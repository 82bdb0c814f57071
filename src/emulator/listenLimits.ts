import { invalidOption } from "./state/errors";

/**
 * `port` as node:net takes it: an integer from 0 (an ephemeral port) to 65535. Checked here so a
 * bad value is `ERR_INVALID_OPTION`, not Node's `ERR_SOCKET_BAD_PORT`.
 * @internal
 */
export function checkPort(value: unknown, name = "port"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw invalidOption(`${name} must be an integer from 0 to 65535 (0: an ephemeral port); got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * `maxHeaderSize`: a positive integer number of bytes.
 * @internal
 */
export function checkMaxHeaderSize(value: unknown, name = "maxHeaderSize"): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidOption(`${name} must be a positive integer number of bytes (default 65536); got ${JSON.stringify(value)}.`);
  }
  return value;
}
