/**
 * fast-check arbitraries that damage real inputs: byte edits of DER, character edits of
 * text, plus the contract every fuzzed parser must keep.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { RolesAnywhereError } from "../../src/errors";

type ByteEdit = readonly ["flip" | "set" | "delete" | "insert" | "truncate" | "duplicate", number, number];

const byteEdit: fc.Arbitrary<ByteEdit> = fc.tuple(
  fc.constantFrom("flip", "set", "delete", "insert", "truncate", "duplicate"),
  fc.nat(),
  fc.integer({ min: 0, max: 255 }),
);

const applyByteEdit = (bytes: Uint8Array, [kind, at, value]: ByteEdit): Uint8Array => {
  if (bytes.length === 0) return Uint8Array.of(value);
  const i = at % bytes.length;
  const out = Array.from(bytes);
  if (kind === "flip") out[i] = out[i]! ^ (1 << (value % 8));
  else if (kind === "set") out[i] = value;
  else if (kind === "delete") out.splice(i, 1);
  else if (kind === "insert") out.splice(i, 0, value);
  else if (kind === "truncate") out.length = i;
  else out.splice(i, 0, ...out.slice(i, i + (value % 16)));
  return Uint8Array.from(out);
};

/** `base` with 1–6 random byte edits (bit flips, overwrites, deletions, insertions, truncation, duplication). */
export const mutatedBytes = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc.array(byteEdit, { minLength: 1, maxLength: 6 }).map((edits) => edits.reduce(applyByteEdit, base));

type TextEdit = readonly ["delete" | "insert" | "replace" | "truncate" | "dropLine" | "duplicateLine", number, string];

const textEdit: fc.Arbitrary<TextEdit> = fc.tuple(
  fc.constantFrom("delete", "insert", "replace", "truncate", "dropLine", "duplicateLine"),
  fc.nat(),
  fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.constantFrom("-", "=", "\n", "\r\n", " ", ":", "/", "%", "\u0000", "é", "-----END CERTIFICATE-----", "-----BEGIN "),
  ),
);

const applyTextEdit = (text: string, [kind, at, piece]: TextEdit): string => {
  const i = text.length === 0 ? 0 : at % text.length;
  if (kind === "delete") return text.slice(0, i) + text.slice(i + Math.max(1, piece.length));
  if (kind === "insert") return text.slice(0, i) + piece + text.slice(i);
  if (kind === "replace") return text.slice(0, i) + piece + text.slice(i + piece.length);
  if (kind === "truncate") return text.slice(0, i);
  const lines = text.split("\n");
  const line = at % Math.max(1, lines.length);
  if (kind === "dropLine") lines.splice(line, 1);
  else lines.splice(line, 0, lines[line] ?? "");
  return lines.join("\n");
};

/** `base` with 1–6 random character or line edits. */
export const mutatedText = (base: string): fc.Arbitrary<string> =>
  fc.array(textEdit, { minLength: 1, maxLength: 6 }).map((edits) => edits.reduce(applyTextEdit, base));

/** Random bytes, small enough to keep a run fast. */
export const randomBytes = fc.uint8Array({ maxLength: 2048 });

/**
 * Runs `parse`; it must return, or throw a RolesAnywhereError (with one of `codes`
 * when given). Anything else thrown fails the property.
 */
export const returnsOrThrowsTyped = (parse: () => unknown, codes?: readonly RolesAnywhereError["code"][]): void => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(RolesAnywhereError);
    if (codes) expect(codes).toContain((error as RolesAnywhereError).code);
  }
};

/**
 * Awaits `work`; it must resolve, or reject with a RolesAnywhereError (with one of `codes` when
 * given). A DOMException, TypeError or anything else rejected fails the property.
 */
export const resolvesOrRejectsTyped = async (
  work: () => Promise<unknown>,
  codes?: readonly RolesAnywhereError["code"][],
): Promise<void> => {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(RolesAnywhereError);
    if (codes) expect(codes).toContain((error as RolesAnywhereError).code);
  }
};

/** Bounded runs per property (a few seconds per suite); FUZZ_RUNS=5000 for a deeper local run. */
export const RUNS = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) } as const;
