import { describe, expect, it } from "vitest";
import { RolesAnywhereError } from "../../src/errors";
import { isPkcs11Uri, parsePkcs11Uri, redactPkcs11Uri } from "../../src/key/pkcs11/pkcs11Uri";

describe("RFC 7512 pkcs11: URIs", () => {
  it("parses path and query attributes with percent-encoding", () => {
    const uri = parsePkcs11Uri(
      "pkcs11:token=My%20Token;manufacturer=SoftHSM%20project;object=work%3Bload;id=%01%A2;type=private;slot-id=7;x-vendor=1?pin-value=12%2634&module-path=/usr/lib/softhsm/libsofthsm2.so",
    );
    expect(uri).toEqual({
      token: "My Token",
      manufacturer: "SoftHSM project",
      object: "work;load",
      id: Uint8Array.of(0x01, 0xa2),
      type: "private",
      slotId: 7,
      pinValue: "12&34",
      modulePath: "/usr/lib/softhsm/libsofthsm2.so",
    });
    expect(isPkcs11Uri("PKCS11:token=a")).toBe(true);
    expect(isPkcs11Uri("-----BEGIN CERTIFICATE-----")).toBe(false);
    expect(isPkcs11Uri(new Uint8Array(2))).toBe(false);
  });

  it.each([
    ["pkcs11:id=%zz", /bad percent-encoding/],
    ["pkcs11:type=key", /"type=key" is not one of/],
    ["pkcs11:token=a;token=b", /"token" appears twice/],
    ["pkcs11:slot-id=x", /"slot-id" is not a number/],
    ["pkcs11:token", /"token" has no value/],
  ])("rejects %s with ERR_INVALID_OPTION", (text, message) => {
    let error: unknown;
    try {
      parsePkcs11Uri(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RolesAnywhereError);
    expect((error as RolesAnywhereError).code).toBe("ERR_INVALID_OPTION");
    expect((error as RolesAnywhereError).message).toMatch(message);
  });

  it("redacts the PIN for messages", () => {
    expect(redactPkcs11Uri("pkcs11:token=t;object=k?pin-value=s3cret&module-path=/m.so")).toBe(
      "pkcs11:token=t;object=k?pin-value=***&module-path=/m.so",
    );
  });
});
