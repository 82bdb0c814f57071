import { CredentialsProviderError } from "@smithy/property-provider";
import { describe, expect, it } from "vitest";
import { RolesAnywhereError, isRolesAnywhereError } from "../src";

describe("RolesAnywhereError", () => {
  it("is a CredentialsProviderError that stops a credential chain", () => {
    const error = new RolesAnywhereError("ERR_INVALID_ARN", "bad");
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect(error).toBeInstanceOf(CredentialsProviderError);
    expect(error).toBeInstanceOf(Error);
    expect(error.tryNextLink).toBe(false);
    expect(error.name).toBe("RolesAnywhereError");
  });

  it("instanceof holds for an error from another copy of the class (another entry point's bundle)", () => {
    const foreign = Object.defineProperty(new Error("x"), Symbol.for("credential-provider-roles-anywhere.RolesAnywhereError"), {
      value: true,
    });
    expect(foreign instanceof RolesAnywhereError).toBe(true);
    expect(isRolesAnywhereError(foreign)).toBe(true);
  });

  it("instanceof is false for other errors and values", () => {
    expect(new Error("x") instanceof RolesAnywhereError).toBe(false);
    expect(new CredentialsProviderError("x") instanceof RolesAnywhereError).toBe(false);
    expect((null as unknown) instanceof RolesAnywhereError).toBe(false);
    expect(("ERR_FILE" as unknown) instanceof RolesAnywhereError).toBe(false);
    expect(Object.assign(new Error("x"), { name: "RolesAnywhereError", code: "ERR_FILE" }) instanceof RolesAnywhereError).toBe(false);
  });

  it("isRolesAnywhereError checks the code when one is given", () => {
    const error = new RolesAnywhereError("ERR_TIMEOUT", "slow");
    expect(isRolesAnywhereError(error, "ERR_TIMEOUT")).toBe(true);
    expect(isRolesAnywhereError(error, "ERR_NETWORK")).toBe(false);
  });

  it("an error of another copy carrying a code passes the guard with that code (the brand may sit on its prototype)", () => {
    class OtherCopyError extends Error {
      readonly code = "ERR_TIMEOUT";
    }
    Object.defineProperty(OtherCopyError.prototype, Symbol.for("credential-provider-roles-anywhere.RolesAnywhereError"), { value: true });
    const foreign = new OtherCopyError("from another copy");
    expect(foreign instanceof RolesAnywhereError).toBe(true);
    expect(isRolesAnywhereError(foreign, "ERR_TIMEOUT")).toBe(true);
    expect(isRolesAnywhereError(foreign, "ERR_NETWORK")).toBe(false);
  });

  it("subclasses keep the ordinary prototype-chain instanceof", () => {
    class SpecificError extends RolesAnywhereError {}
    const specific = new SpecificError("ERR_SIGNER", "x");
    expect(specific instanceof SpecificError).toBe(true);
    expect(specific instanceof RolesAnywhereError).toBe(true);
    expect(new RolesAnywhereError("ERR_SIGNER", "x") instanceof SpecificError).toBe(false);
  });
});
