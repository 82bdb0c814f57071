import { RolesAnywhereError } from "../../errors";

/**
 * A parsed RFC 7512 `pkcs11:` URI (the attributes this package uses).
 *
 * @internal
 */
export interface Pkcs11Uri {
  readonly token?: string;
  readonly manufacturer?: string;
  readonly serial?: string;
  readonly model?: string;
  readonly slotId?: number;
  /** `CKA_LABEL` of the object. */
  readonly object?: string;
  /** `CKA_ID` of the object (raw bytes). */
  readonly id?: Uint8Array;
  readonly type?: "cert" | "private" | "public" | "secret-key" | "data";
  readonly pinValue?: string;
  readonly modulePath?: string;
  readonly moduleName?: string;
}

/**
 * True when `value` is a `pkcs11:` URI.
 *
 * @internal
 */
export const isPkcs11Uri = (value: unknown): value is string => typeof value === "string" && /^pkcs11:/i.test(value.trim());

const invalid = (detail: string): RolesAnywhereError =>
  new RolesAnywhereError(
    "ERR_INVALID_OPTION",
    `The PKCS#11 URI is malformed: ${detail}. Use the RFC 7512 form, e.g. "pkcs11:token=my-token;object=my-key;type=private?pin-value=1234".`,
  );

const decode = (raw: string, name: string): Uint8Array => {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw invalid(`"${name}" has a bad percent-encoding`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(char));
    }
  }
  return Uint8Array.from(bytes);
};

const PATH_NAMES: Readonly<Record<string, keyof Pkcs11Uri>> = {
  token: "token",
  manufacturer: "manufacturer",
  serial: "serial",
  model: "model",
  "slot-id": "slotId",
  object: "object",
  id: "id",
  type: "type",
};
const QUERY_NAMES: Readonly<Record<string, keyof Pkcs11Uri>> = {
  "pin-value": "pinValue",
  "module-path": "modulePath",
  "module-name": "moduleName",
};
const TYPES = new Set(["cert", "private", "public", "secret-key", "data"]);

/**
 * Parses a `pkcs11:` URI (RFC 7512): path attributes separated by `;`, query
 * attributes by `&`, values percent-encoded. Unknown attributes are ignored, as
 * the RFC allows for vendor attributes.
 *
 * @internal
 */
export const parsePkcs11Uri = (uri: string): Pkcs11Uri => {
  const text = uri.trim();
  if (!isPkcs11Uri(text)) throw invalid('it does not start with "pkcs11:"');
  const [path = "", query = ""] = text.slice("pkcs11:".length).split("?", 2);
  const out: Record<string, unknown> = {};
  const take = (part: string, names: Readonly<Record<string, keyof Pkcs11Uri>>): void => {
    if (part === "") return;
    const eq = part.indexOf("=");
    if (eq < 1) throw invalid(`"${part.split("=")[0]}" has no value`);
    const name = part.slice(0, eq).toLowerCase();
    const key = names[name];
    if (!key) return;
    if (out[key] !== undefined) throw invalid(`"${name}" appears twice`);
    const bytes = decode(part.slice(eq + 1), name);
    if (key === "id") out[key] = bytes;
    else if (key === "slotId") {
      const value = new TextDecoder().decode(bytes);
      if (!/^\d+$/.test(value)) throw invalid(`"slot-id" is not a number`);
      out[key] = Number(value);
    } else {
      const value = new TextDecoder().decode(bytes);
      if (key === "type" && !TYPES.has(value)) throw invalid(`"type=${value}" is not one of cert, private, public, secret-key, data`);
      out[key] = value;
    }
  };
  for (const part of path.split(";")) take(part, PATH_NAMES);
  for (const part of query.split("&")) take(part, QUERY_NAMES);
  return out as Pkcs11Uri;
};

/**
 * The URI with its `pin-value` replaced, for messages and logs.
 *
 * @internal
 */
export const redactPkcs11Uri = (uri: string): string => uri.replace(/(pin-value=)[^&;]*/gi, "$1***");
