import { RolesAnywhereError } from "../../errors";

/** A configuration error of the emulator (bad option, unparseable PEM, …). @internal */
export const invalidOption = (message: string, cause?: unknown): RolesAnywhereError =>
  new RolesAnywhereError("ERR_INVALID_OPTION", message, cause === undefined ? undefined : { cause });
