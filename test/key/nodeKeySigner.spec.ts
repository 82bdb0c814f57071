import { verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseCertificate } from "../../src/certificate/certificate";
import { RolesAnywhereError } from "../../src/errors";
import { createRequestSigner } from "../../src/key/keyImport";
import { loadPrivateKey } from "../../src/key/loadPrivateKey";
import { builtinNodeCrypto } from "../../src/key/nodeCrypto";
import { createNodeKeySigner } from "../../src/key/nodeKeySigner";
import { ALGORITHM_ECDSA, ALGORITHM_RSA } from "../../src/protocol/constants";
import { testLeaf } from "../support/fixtures";

const DATA = new TextEncoder().encode("AWS4-X509-RSA-SHA256\n20260101T000000Z\n20260101/us-east-1/rolesanywhere/aws4_request\nabc");
const webCrypto = globalThis.crypto.subtle;

describe("keys through node:crypto (no injected SubtleCrypto)", () => {
  it.each([2048, 4096])("RSA-%i: the same signature, byte for byte, as WebCrypto", async (bits) => {
    const leaf = await testLeaf({ type: "RSA", bits });
    const certificate = parseCertificate(leaf.certificateDer);
    const native = await createRequestSigner(leaf.key.privateKeyPem, certificate);
    const web = await createRequestSigner(leaf.key.privateKeyPem, certificate, webCrypto);
    const direct = await createNodeKeySigner(
      await loadPrivateKey(leaf.key.privateKeyPem),
      certificate,
      (d) => new RolesAnywhereError("ERR_KEY_MISMATCH", d),
    );
    expect(direct).toBeDefined();
    expect(native.algorithm).toBe(ALGORITHM_RSA);
    const expected = Buffer.from(await web.sign(DATA));
    expect(Buffer.from(await native.sign(DATA))).toEqual(expected);
    expect(Buffer.from(await direct!.sign(DATA))).toEqual(expected);
  });

  it.each(["P-256", "P-384", "P-521"] as const)("%s: a DER ECDSA signature that verifies with the certificate", async (curve) => {
    const leaf = await testLeaf({ type: "EC", curve });
    const signer = await createRequestSigner(leaf.key.privateKeyPem, parseCertificate(leaf.certificateDer));
    expect(signer.algorithm).toBe(ALGORITHM_ECDSA);
    const signature = await signer.sign(DATA);
    expect(signature[0]).toBe(0x30);
    expect(verify("sha256", DATA, { key: leaf.key.publicKey, dsaEncoding: "der" }, signature)).toBe(true);
  });

  it("refuses a key of another certificate (ERR_KEY_MISMATCH), as the WebCrypto path does", async () => {
    const [one, other] = await Promise.all([testLeaf({ type: "RSA", bits: 2048 }), testLeaf({ type: "RSA", bits: 2048 })]);
    const certificate = parseCertificate(one.certificateDer);
    for (const subtle of [undefined, webCrypto]) {
      await expect(createRequestSigner(other.key.privateKeyPem, certificate, subtle)).rejects.toMatchObject({
        code: "ERR_KEY_MISMATCH",
        message: expect.stringMatching(/public keys differ/),
      });
    }
  });

  it("imports an RSA key from its PKCS#1 part, and from its PKCS#8 when that part is unusable", async () => {
    const leaf = await testLeaf({ type: "RSA", bits: 2048 });
    const certificate = parseCertificate(leaf.certificateDer);
    const mismatch = (detail: string) => new RolesAnywhereError("ERR_KEY_MISMATCH", detail);
    const key = await loadPrivateKey(leaf.key.privateKeyPem);
    expect(key.pkcs1).toBeDefined();
    const expected = Buffer.from(await (await createRequestSigner(leaf.key.privateKeyPem, certificate, webCrypto)).sign(DATA));
    for (const variant of [key, { ...key, pkcs1: Uint8Array.of(0x30, 0x00) }, { ...key, pkcs1: undefined }]) {
      const signer = await createNodeKeySigner(variant, certificate, mismatch);
      expect(Buffer.from(await signer!.sign(DATA))).toEqual(expected);
    }
    // A PKCS#1 part of another key signs nothing: the key check refuses it.
    const other = await loadPrivateKey((await testLeaf({ type: "RSA", bits: 2048 })).key.privateKeyPem);
    await expect(createNodeKeySigner({ ...key, pkcs1: other.pkcs1 }, certificate, mismatch)).rejects.toMatchObject({
      code: "ERR_KEY_MISMATCH",
    });
  });

  it("refuses bytes that are no key (ERR_INVALID_PRIVATE_KEY), without echoing them", async () => {
    const leaf = await testLeaf({ type: "EC", curve: "P-256" });
    const certificate = parseCertificate(leaf.certificateDer);
    const mismatch = (detail: string) => new RolesAnywhereError("ERR_KEY_MISMATCH", detail);
    await expect(
      createNodeKeySigner({ type: "EC", namedCurve: "P-256", pkcs8: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00) }, certificate, mismatch),
    ).rejects.toMatchObject({ code: "ERR_INVALID_PRIVATE_KEY", message: expect.stringMatching(/private key could not be imported/) });
  });
});

describe("which runtimes sign through node:crypto", () => {
  const nodeCrypto = process.getBuiltinModule("node:crypto");
  const nodeProcess = { versions: { node: "22.12.0" }, release: { name: "node" }, getBuiltinModule: () => nodeCrypto };

  it("Node, through process.getBuiltinModule", () => {
    expect(builtinNodeCrypto()).toBe(nodeCrypto);
    expect(builtinNodeCrypto({ process: nodeProcess })).toBe(nodeCrypto);
  });

  it.each([
    ["Deno", { Deno: { version: { deno: "2.5.0" } }, process: nodeProcess }],
    ["Bun", { Bun: { version: "1.3.0" }, process: { ...nodeProcess, versions: { node: "24.3.0", bun: "1.3.0" } } }],
    ["Workers with nodejs_compat", { navigator: { userAgent: "Cloudflare-Workers" }, process: nodeProcess }],
    ["a Node without getBuiltinModule", { process: { ...nodeProcess, getBuiltinModule: undefined } }],
    [
      "a getBuiltinModule that throws",
      {
        process: {
          ...nodeProcess,
          getBuiltinModule: () => {
            throw new Error("no");
          },
        },
      },
    ],
    ["a node:crypto without sign", { process: { ...nodeProcess, getBuiltinModule: () => ({ createPrivateKey: () => undefined }) } }],
  ])("not %s: WebCrypto there", (_name, global) => {
    expect(builtinNodeCrypto(global)).toBeUndefined();
  });
});
