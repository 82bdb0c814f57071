import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const source = (path: string): string => readFileSync(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)), "utf8");
const staticImports = (text: string): string[] => [...text.matchAll(/^import\s[^;]*from\s+["']([^"']+)["']/gm)].map((match) => match[1]!);

describe("heavy or Node-only key code is loaded lazily", () => {
  it("identity.ts reaches the PKCS#12 reader only through import()", () => {
    const text = source("identity/identity.ts");
    expect(staticImports(text).filter((path) => /pkcs12/i.test(path))).toEqual([]);
    expect(text).toMatch(/import\("\.\.\/key\/pkcs12\/pkcs12"\)/);
  });

  it("@noble/post-quantum is reached only through import(), when an ML-DSA key is used", () => {
    expect(staticImports(source("key/keyImport.ts")).filter((path) => /mlDsaSigner|noble/.test(path))).toEqual([]);
    expect(source("key/keyImport.ts")).toMatch(/import\("\.\/mlDsaSigner"\)/);
    expect(staticImports(source("key/mlDsaSigner.ts")).filter((path) => path.startsWith("@noble"))).toEqual([]);
    expect(source("key/mlDsaSigner.ts")).toMatch(/await import\("@noble\/post-quantum\/ml-dsa\.js"\)/);
  });

  it("pkcs11js (native, optional) is reached only through import(), when a pkcs11: URI is given", () => {
    const identity = source("identity/identity.ts");
    expect(staticImports(identity).filter((path) => /pkcs11Signer|pkcs11Session|pkcs11js/.test(path))).toEqual([]);
    expect(identity).toMatch(/import\("\.\.\/key\/pkcs11\/pkcs11Signer"\)/);
    expect(staticImports(source("key/pkcs11/pkcs11Session.ts")).filter((path) => path === "pkcs11js" || path.startsWith("node:"))).toEqual([]);
  });

  it("node:crypto is only ever imported dynamically, from one module", () => {
    const text = source("key/nodeCrypto.ts");
    expect(text).toMatch(/await import\("node:crypto"\)/);
    for (const file of ["key/encrypted/pbes2.ts", "key/legacyPem.ts", "key/encrypted/pkcs12Kdf.ts", "key/encrypted/pkcs12Pbe.ts", "key/loadPrivateKey.ts"]) {
      expect(staticImports(source(file)).filter((path) => path.startsWith("node:"))).toEqual([]);
    }
  });
});
