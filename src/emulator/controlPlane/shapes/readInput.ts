import type { ServiceModel, ShapeModel } from "../models/types";

/**
 * Input that is not of the shape's type (a number where a string belongs, a blob that is not
 * base64, JSON that does not parse): the protocol's `SerializationException` / `MalformedInput`.
 * @internal
 */
export class InputTypeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "InputTypeError";
  }
}

/** A constraint of the model that a value breaks, in AWS's (Coral) validation wording. @internal */
export interface ValidationIssue {
  readonly path: string;
  /** The value as AWS quotes it (`'abc'`, `null`, `'*** Sensitive Data Redacted ***'`). */
  readonly shown: string;
  readonly constraint: string;
}

/**
 * How scalars arrive: `json` (JSON types: numbers, booleans, base64 strings for blobs) or `text`
 * (every scalar a string, as in URI labels, query strings, headers and query-protocol forms).
 * @internal
 */
export type InputMode = "json" | "text";

const MAX_DEPTH = 20;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function shown(value: unknown, shape: ShapeModel): string {
  if (value === undefined || value === null) return "null";
  if (shape.sensitive) return "'*** Sensitive Data Redacted ***'";
  if (value instanceof Uint8Array) return `'java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]'`;
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}]'`;
  if (typeof value === "object") return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

/**
 * A model pattern as AWS's servers apply it: to the whole value (the models write `.*` where
 * they mean a part, e.g. the UUID pattern).
 */
function patternOf(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    try {
      return new RegExp(`^(?:${source})$`);
    } catch {
      return undefined; // a Java-only construct: not enforced
    }
  }
}

const patterns = new Map<string, RegExp | undefined>();
const compiled = (source: string) => {
  if (!patterns.has(source)) patterns.set(source, patternOf(source));
  return patterns.get(source);
};

/**
 * Reads a value of the model's shape `shapeName` from a decoded request, converting wire scalars
 * to their types (integers, booleans, blobs as bytes, timestamps as `Date`) and collecting every
 * broken constraint (required, length, range, pattern, enum, union) in `issues`. Members the model
 * does not know are dropped, as AWS's servers ignore them.
 * @throws InputTypeError for a value of the wrong type.
 * @internal
 */
export function readShape(
  model: ServiceModel,
  shapeName: string,
  raw: unknown,
  path: string,
  mode: InputMode,
  issues: ValidationIssue[],
  depth = 0,
): unknown {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`shape ${shapeName} is not in the ${model.metadata.serviceId ?? ""} model`);
  if (depth > MAX_DEPTH) throw new InputTypeError(path, `The input at '${path}' is nested too deeply.`);
  const wrongType = (): never => {
    throw new InputTypeError(
      path,
      `Unexpected value at '${path || "body"}': expected ${shape.type === "structure" ? "an object" : `a ${shape.type}`}.`,
    );
  };
  switch (shape.type) {
    case "structure": {
      if (!isObject(raw)) return wrongType();
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const value = raw[name];
        if (value === undefined || value === null) continue;
        out[name] = readShape(model, member.shape, value, path ? `${path}.${name}` : name, mode, issues, depth + 1);
      }
      for (const name of shape.required ?? []) {
        if (out[name] === undefined) {
          issues.push({ path: path ? `${path}.${name}` : name, shown: "null", constraint: "Member must not be null" });
        }
      }
      if (shape.union && Object.keys(out).length !== 1) {
        issues.push({ path: path || "body", shown: shown(raw, shape), constraint: "Member must have exactly one member set" });
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(raw)) return wrongType();
      const out = raw.map((item, i) => readShape(model, shape.member!.shape, item, `${path}.${i + 1}.member`, mode, issues, depth + 1));
      lengthIssues(shape, out.length, out, path, issues);
      return out;
    }
    case "map": {
      if (!isObject(raw)) return wrongType();
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) {
        readShape(model, shape.key!.shape, key, `${path}.${key}.key`, mode, issues, depth + 1);
        out[key] = readShape(model, shape.value!.shape, value, `${path}.${key}.value`, mode, issues, depth + 1);
      }
      lengthIssues(shape, Object.keys(out).length, out, path, issues);
      return out;
    }
    case "string": {
      if (typeof raw !== "string") return wrongType();
      lengthIssues(shape, raw.length, raw, path, issues);
      const pattern = shape.pattern === undefined ? undefined : compiled(shape.pattern);
      if (pattern && !pattern.test(raw)) {
        issues.push({ path, shown: shown(raw, shape), constraint: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      if (shape.enum && !shape.enum.includes(raw)) {
        issues.push({ path, shown: shown(raw, shape), constraint: `Member must satisfy enum value set: [${shape.enum.join(", ")}]` });
      }
      return raw;
    }
    case "integer":
    case "long":
    case "float":
    case "double": {
      let n: number;
      if (typeof raw === "number") n = raw;
      else if (mode === "text" && typeof raw === "string" && /^-?\d+(\.\d+)?$/.test(raw.trim())) n = Number(raw.trim());
      else return wrongType();
      if (!Number.isFinite(n) || ((shape.type === "integer" || shape.type === "long") && !Number.isInteger(n))) return wrongType();
      if (shape.min !== undefined && n < shape.min) {
        issues.push({ path, shown: shown(n, shape), constraint: `Member must have value greater than or equal to ${shape.min}` });
      }
      if (shape.max !== undefined && n > shape.max) {
        issues.push({ path, shown: shown(n, shape), constraint: `Member must have value less than or equal to ${shape.max}` });
      }
      return n;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      if (mode === "text" && (raw === "true" || raw === "false")) return raw === "true";
      return wrongType();
    }
    case "blob": {
      if (raw instanceof Uint8Array) return raw;
      if (typeof raw !== "string") return wrongType();
      const text = raw.replace(/\s+/g, "");
      if (!BASE64.test(text)) throw new InputTypeError(path, `The value at '${path}' is not valid base64.`);
      const bytes = new Uint8Array(Buffer.from(text, "base64"));
      lengthIssues(shape, bytes.length, bytes, path, issues);
      return bytes;
    }
    case "timestamp": {
      const date =
        typeof raw === "number"
          ? new Date(raw * 1000)
          : typeof raw === "string"
            ? new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw)
            : undefined;
      if (!date || Number.isNaN(date.getTime())) return wrongType();
      return date;
    }
    default:
      return wrongType();
  }
}

function lengthIssues(shape: ShapeModel, length: number, value: unknown, path: string, issues: ValidationIssue[]): void {
  if (shape.min !== undefined && length < shape.min) {
    issues.push({ path, shown: shown(value, shape), constraint: `Member must have length greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && length > shape.max) {
    issues.push({ path, shown: shown(value, shape), constraint: `Member must have length less than or equal to ${shape.max}` });
  }
}

/**
 * AWS's validation message for the issues: `1 validation error detected: Value 'x' at 'name'
 * failed to satisfy constraint: Member must …` (several joined with `; `; at most 10 listed).
 * @internal
 */
export function validationMessage(issues: readonly ValidationIssue[]): string {
  const n = issues.length;
  const listed = issues.slice(0, 10).map((i) => `Value ${i.shown} at '${i.path}' failed to satisfy constraint: ${i.constraint}`);
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${listed.join("; ")}`;
}
