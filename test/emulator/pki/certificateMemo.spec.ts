import { describe, expect, it } from "vitest";
import { createCertificateMemo } from "../../../src/emulator/pki/certificateMemo";
import type { LoadedCertificate } from "../../../src/emulator/pki/loadCertificate";

const fake = (n: number) => ({ der: Uint8Array.of(n) }) as unknown as LoadedCertificate;

describe("createCertificateMemo", () => {
  it("parses a text once and gives the same certificate after", () => {
    const memo = createCertificateMemo(4);
    let parses = 0;
    const load = () => (parses++, fake(1));
    const first = memo("AAAA", load);
    expect(memo("AAAA", load)).toBe(first);
    expect(parses).toBe(1);
  });

  it("keeps no failure: a text that does not parse fails again, with its own error", () => {
    const memo = createCertificateMemo(4);
    let calls = 0;
    const bad = () => {
      calls++;
      throw new Error(`not a certificate (${calls})`);
    };
    expect(() => memo("bad", bad)).toThrow("not a certificate (1)");
    expect(() => memo("bad", bad)).toThrow("not a certificate (2)");
  });

  it("holds at most `limit` entries, dropping the oldest", () => {
    const memo = createCertificateMemo(2);
    const parsed: string[] = [];
    const load = (text: string) => () => (parsed.push(text), fake(text.length));
    memo("a", load("a"));
    memo("b", load("b"));
    memo("c", load("c"));
    memo("b", load("b"));
    memo("a", load("a"));
    expect(parsed).toEqual(["a", "b", "c", "a"]);
  });
});
