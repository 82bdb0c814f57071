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

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Finds every PEM block in `text`, in order. Text between blocks (comments, blank
 * lines, `Bag Attributes`) is ignored, as OpenSSL does. A block whose body is not
 * base64 is reported as `undefined` der so that callers can name it.
 *
 * @public
 */
export const decodePem = (text: string): PemBlock[] => {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1]!;
    const headers: Record<string, string> = {};
    const bodyLines: string[] = [];
    for (const line of match[2]!.split(/\r?\n/)) {
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
      if (header) headers[header[1]!] = header[2]!;
      else bodyLines.push(line);
    }
    const der = fromBase64(bodyLines.join(""));
    if (der === undefined || der.length === 0) {
      throw new SyntaxError(`the PEM block "${label}" is not valid base64`);
    }
    blocks.push({ label, headers, der });
  }
  return blocks;
};

/**
 * Encodes DER bytes as a PEM block with 64-character lines.
 *
 * @public
 */
export const encodePem = (label: string, der: Uint8Array): string => {
  const body = toBase64(der).replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
};

/**
 * True when `text` looks like PEM (has at least one BEGIN line).
 *
 * @internal
 */
export const isPem = (text: string): boolean => text.includes("-----BEGIN ");
