import { fromBase64, toBase64 } from "./base64";

/**
 * One `-----BEGIN <label>-----` block of a PEM file.
 *
 * @public
 */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `PRIVATE KEY`, `EC PRIVATE KEY`. */
  readonly label: string;
  /** Encapsulation headers such as `Proc-Type` (legacy encrypted keys). */
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded DER bytes. */
  readonly der: Uint8Array;
}

const BEGIN = "-----BEGIN ";
const END = "-----END ";
const LABEL = /^([A-Z0-9 ]{1,80})-----/;

const positions = (text: string, marker: string): number[] => {
  const found: number[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) found.push(at);
  return found;
};

const labelAt = (text: string, at: number): string | undefined => LABEL.exec(text.slice(at, at + 86))?.[1];

/**
 * Finds every PEM block in `text`, in order. Text between blocks (comments, blank
 * lines, `Bag Attributes`) is ignored, as OpenSSL does, and so is a BEGIN line with
 * no matching END before the next BEGIN. Linear in the input: hostile text cannot
 * make it slow.
 *
 * @throws SyntaxError when a complete block's body is not base64.
 * @public
 */
export const decodePem = (text: string): PemBlock[] => {
  const begins = positions(text, BEGIN);
  const ends = positions(text, END);
  const blocks: PemBlock[] = [];
  let e = 0;
  for (let b = 0; b < begins.length; b++) {
    const begin = begins[b]!;
    while (e < ends.length && ends[e]! < begin) e++;
    const end = ends[e];
    const nextBegin = begins[b + 1];
    const label = labelAt(text, begin + BEGIN.length);
    if (end === undefined || label === undefined || (nextBegin !== undefined && nextBegin < end)) continue;
    if (labelAt(text, end + END.length) !== label) continue;
    blocks.push(decodeBlock(label, text.slice(begin + BEGIN.length + label.length + 5, end)));
  }
  return blocks;
};

const decodeBlock = (label: string, body: string): PemBlock => {
  const headers: Record<string, string> = {};
  const bodyLines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
    if (header) headers[header[1]!] = header[2]!;
    else bodyLines.push(line);
  }
  const der = fromBase64(bodyLines.join(""));
  if (der === undefined || der.length === 0) {
    throw new SyntaxError(`the PEM block "${label}" is not valid base64`);
  }
  return { label, headers, der };
};

/**
 * Encodes DER bytes as a PEM block with 64-character lines.
 *
 * @public
 */
export const encodePem = (label: string, der: Uint8Array): string => {
  const body = toBase64(der)
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
};

/**
 * True when `text` looks like PEM (has at least one BEGIN line).
 *
 * @internal
 */
export const isPem = (text: string): boolean => text.includes("-----BEGIN ");
