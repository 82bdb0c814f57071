/**
 * Security: the PKCS#12 key derivation (legacy PBE ciphers and the file's MAC) is iterated hashing
 * in JavaScript. It must never starve timers, must stop when asked, and refuses iteration counts no
 * real file uses. Work is counted (pauses, WebCrypto calls), never timed.
 */
import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { getRolesAnywhereCredentials } from "../../src";
import { MAX_ITERATIONS, MAX_PKCS12_KDF_ITERATIONS } from "../../src/key/encrypted/encryptionOids";
import { readPkcs12 } from "../../src/key/pkcs12/pkcs12";
import { KDF_CHUNK, KDF_ID, bmpPassword, pkcs12Kdf } from "../../src/key/encrypted/pkcs12Kdf";
import { loadSigningIdentity } from "../../src/identity/identity";
import { ARNS } from "../support/fixtures";
import { rejection } from "../support/rejection";

const subtle = globalThis.crypto.subtle;
const salt = new Uint8Array(8).fill(7);

/** A PFX (version 3, empty authenticated safe) whose SHA-1 MAC asks for `iterations`. */
const pfxWithMacIterations = (iterations: number): Uint8Array => {
  const authenticatedSafe = new asn1js.Sequence({ value: [] }).toBER(false);
  const pfx = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: "1.2.840.113549.1.7.1" }),
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 0 },
            value: [new asn1js.OctetString({ valueHex: authenticatedSafe })],
          }),
        ],
      }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: "1.3.14.3.2.26" }), new asn1js.Null()] }),
              new asn1js.OctetString({ valueHex: new Uint8Array(20).buffer }),
            ],
          }),
          new asn1js.OctetString({ valueHex: salt.buffer }),
          new asn1js.Integer({ value: iterations }),
        ],
      }),
    ],
  });
  return new Uint8Array(pfx.toBER(false));
};

/** A SubtleCrypto that counts calls (the MAC check calls importKey right after the KDF). */
const countingSubtle = () => {
  const calls: string[] = [];
  const proxy = new Proxy(subtle, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { subtle: proxy as SubtleCrypto, calls };
};

describe("security: the PKCS#12 KDF can be stopped", () => {
  it("pauses every KDF_CHUNK iterations and stops at the first pause after an abort", async () => {
    const controller = new AbortController();
    let pauses = 0;
    const pause = async () => {
      if (++pauses === 3) controller.abort();
    };
    const error = await rejection(
      pkcs12Kdf("SHA-1", bmpPassword("pw"), salt, 1_000_000, KDF_ID.key, 24, subtle, { signal: controller.signal, pause }),
    );
    expect(error.code).toBe("ERR_NETWORK");
    expect(pauses).toBe(3); // 3 × 1024 of 1,000,000 iterations done
  });

  it("gives the same key with or without pauses, and pauses once per chunk", async () => {
    let pauses = 0;
    const paused = await pkcs12Kdf("SHA-1", bmpPassword("pw"), salt, 10 * KDF_CHUNK + 5, KDF_ID.iv, 8, subtle, {
      pause: async () => void pauses++,
    });
    const plain = await pkcs12Kdf("SHA-1", bmpPassword("pw"), salt, 10 * KDF_CHUNK + 5, KDF_ID.iv, 8, subtle, {
      pause: async () => undefined,
    });
    expect(paused).toEqual(plain);
    expect(pauses).toBe(10);
  });

  it("a PKCS#12 MAC of 1,000,000 iterations lets a macrotask run and stops there: the MAC is never computed", async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort()); // only runs if the KDF yields to the event loop
    const { subtle: counted, calls } = countingSubtle();
    const error = await rejection(readPkcs12(pfxWithMacIterations(1_000_000), "pw", counted, { signal: controller.signal }));
    expect(error.code).toBe("ERR_NETWORK");
    expect(calls).toEqual([]); // no HMAC import or sign: the derivation did not finish
  });

  it("loadSigningIdentity passes its signal down (a timeout reason gives ERR_TIMEOUT)", async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort(Object.assign(new Error("late"), { name: "TimeoutError" })));
    const { subtle: counted, calls } = countingSubtle();
    const error = await rejection(
      loadSigningIdentity({ pkcs12: pfxWithMacIterations(1_000_000), passphrase: "pw" }, new Date(), counted, {
        signal: controller.signal,
      }),
    );
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(calls).toEqual([]);
  });

  it("the provider's timeout stops a slow PKCS#12 before any request", async () => {
    let requests = 0;
    const error = await rejection(
      getRolesAnywhereCredentials({
        ...ARNS,
        pkcs12: pfxWithMacIterations(1_000_000),
        passphrase: "pw",
        timeout: 20,
        endpoint: "http://127.0.0.1:9",
        fetch: async () => {
          requests++;
          throw new Error("no request expected");
        },
      }),
    );
    expect(error.code).toBe("ERR_TIMEOUT");
    expect(error.message).toMatch(/Loading the certificate and private key did not finish within 20 ms/);
    expect(requests).toBe(0);
  });

  it("refuses iteration counts above what real files use, before any hashing", async () => {
    const { subtle: counted, calls } = countingSubtle();
    const error = await rejection(readPkcs12(pfxWithMacIterations(1_000_001), "pw", counted));
    expect(error.code).toBe("ERR_UNSUPPORTED_KEY");
    expect(error.message).toMatch(/MAC asks for 1000001 iterations, more than the 1000000 allowed/);
    expect(calls).toEqual([]);
    expect(MAX_PKCS12_KDF_ITERATIONS).toBe(1_000_000);
    expect(MAX_ITERATIONS).toBe(2_000_000);
  });
});
