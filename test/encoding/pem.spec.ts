import { describe, expect, it } from "vitest";
import { decodePem, encodePem } from "../../src/encoding/pem";

const block = (label: string, bytes: number[]) => encodePem(label, Uint8Array.from(bytes));

describe("decodePem", () => {
  it("finds blocks in order and skips text, comments and headers between them", () => {
    const text = `subject=CN=x\n${block("CERTIFICATE", [1, 2, 3])}\n# comment\n\n${block("PRIVATE KEY", [4, 5])}trailer`;
    expect(decodePem(text).map(({ label, der }) => [label, [...der]])).toEqual([
      ["CERTIFICATE", [1, 2, 3]],
      ["PRIVATE KEY", [4, 5]],
    ]);
  });

  it("reads encapsulation headers of legacy encrypted keys", () => {
    const text =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----\n";
    expect(decodePem(text)[0]?.headers).toEqual({ "Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00" });
  });

  it("ignores a BEGIN without END, and a block whose END names another label", () => {
    const text = `-----BEGIN CERTIFICATE-----\nAQID\n${block("CERTIFICATE", [9])}-----BEGIN A-----\nAQID\n-----END B-----\n`;
    expect(decodePem(text).map(({ der }) => [...der])).toEqual([[9]]);
  });

  it("handles many unterminated BEGIN lines (hostile input) and still finds the real block", () => {
    const text = `${"-----BEGIN X-----\n".repeat(20_000)}${block("CERTIFICATE", [7])}`;
    expect(decodePem(text).map(({ label }) => label)).toEqual(["CERTIFICATE"]);
  });

  it("throws SyntaxError for a complete block whose body is not base64", () => {
    expect(() => decodePem("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")).toThrowError(SyntaxError);
  });
});
