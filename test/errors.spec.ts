import { CredentialsProviderError } from "@smithy/property-provider";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError, isRolesAnywhereError } from "../src/errors";

/** What an error from another copy of the package (the CJS build next to the ESM one) looks like here. */
function errorFromAnotherCopy(code: string): Error {
  class OtherCopyError extends Error {
    readonly code = code;
  }
  Object.defineProperty(OtherCopyError.prototype, Symbol.for("credential-provider-roles-anywhere.error"), { value: true });
  return new OtherCopyError("from another copy");
}

describe("RolesAnywhereError across copies of the package", () => {
  it("an error of this copy is an instance, a CredentialsProviderError, and passes the guard", () => {
    const error = new RolesAnywhereError("ERR_INVALID_OPTION", "bad");
    expect(error instanceof RolesAnywhereError).toBe(true);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toBeInstanceOf(Error);
    expect(isRolesAnywhereError(error)).toBe(true);
    expect(isRolesAnywhereError(error, "ERR_INVALID_OPTION")).toBe(true);
    expect(isRolesAnywhereError(error, "ERR_INVALID_ARN")).toBe(false);
  });

  it("an error of another copy (same Symbol.for brand) is an instance and passes the guard", () => {
    const foreign = errorFromAnotherCopy("ERR_TIMEOUT");
    expect(foreign instanceof RolesAnywhereError).toBe(true);
    expect(isRolesAnywhereError(foreign)).toBe(true);
    expect(isRolesAnywhereError(foreign, "ERR_TIMEOUT")).toBe(true);
    expect(isRolesAnywhereError(foreign, "ERR_NETWORK")).toBe(false);
  });

  it("unbranded values are not", () => {
    for (const value of [new Error("x"), new CredentialsProviderError("x"), { code: "ERR_TIMEOUT" }, null, undefined, "ERR_TIMEOUT", 42]) {
      expect(value instanceof RolesAnywhereError).toBe(false);
      expect(isRolesAnywhereError(value)).toBe(false);
    }
  });

  it("the brand is not an own, enumerable or JSON-visible property", () => {
    const error = new RolesAnywhereError("ERR_NETWORK", "down");
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(Object.keys(error)).not.toContain("credential-provider-roles-anywhere.error");
  });

  it("subclasses keep the ordinary prototype-chain instanceof", () => {
    class SpecificError extends RolesAnywhereError {}
    const specific = new SpecificError("ERR_SIGNER", "x");
    expect(specific instanceof SpecificError).toBe(true);
    expect(specific instanceof RolesAnywhereError).toBe(true);
    expect(new RolesAnywhereError("ERR_SIGNER", "x") instanceof SpecificError).toBe(false);
    expect(errorFromAnotherCopy("ERR_SIGNER") instanceof SpecificError).toBe(false);
  });
});
