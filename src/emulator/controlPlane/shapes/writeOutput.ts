import { isoSeconds } from "../../../encoding/isoSeconds";
import { escapeXml } from "../../sts/xml";
import type { MemberRef, ServiceModel } from "../models/types";

const timestampFormat = (model: ServiceModel, ref: MemberRef | undefined, shapeName: string, fallback: string): string =>
  ref?.timestampFormat ?? model.shapes[shapeName]?.timestampFormat ?? fallback;

/**
 * Turns a service result into the JSON value the model's output shape describes: only members the
 * model has, timestamps as ISO-8601 (rest-json) or epoch seconds (JSON 1.1) unless the model says
 * otherwise, blobs as base64. Values of the wrong type are left out rather than sent malformed.
 * @internal
 */
export function toJsonValue(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  defaultTimestamp: "iso8601" | "unixTimestamp",
  ref?: MemberRef,
): unknown {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return undefined;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object") return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location !== undefined) continue; // headers and status codes are not in the body
        const v = toJsonValue(model, member.shape, (value as Record<string, unknown>)[name], defaultTimestamp, member);
        if (v !== undefined) out[member.locationName ?? name] = v;
      }
      return out;
    }
    case "list":
      return Array.isArray(value)
        ? value.map((v) => toJsonValue(model, shape.member!.shape, v, defaultTimestamp, shape.member)).filter((v) => v !== undefined)
        : undefined;
    case "map": {
      if (typeof value !== "object") return undefined;
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          toJsonValue(model, shape.value!.shape, v, defaultTimestamp, shape.value),
        ]),
      );
    }
    case "timestamp": {
      if (!(value instanceof Date)) return undefined;
      return timestampFormat(model, ref, shapeName, defaultTimestamp) === "unixTimestamp"
        ? Math.floor(value.getTime() / 1000)
        : isoSeconds(value);
    }
    case "blob":
      return value instanceof Uint8Array
        ? Buffer.from(value).toString("base64")
        : typeof value === "string"
          ? Buffer.from(value).toString("base64")
          : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "string":
      return typeof value === "string" ? value : undefined;
    default:
      return typeof value === "number" ? value : undefined;
  }
}

/**
 * The query protocol's XML for a value of the model's shape: structure members in model order
 * (by `locationName` when set), lists as `<member>` items (or repeated elements when flattened),
 * maps as `<entry><key/><value/></entry>`, timestamps ISO-8601, booleans `true`/`false`.
 * @internal
 */
export function toXml(model: ServiceModel, shapeName: string, value: unknown, indent = ""): string {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return "";
  const element = (name: string, ref: MemberRef, v: unknown): string => {
    const inner = toXml(model, ref.shape, v, `${indent}  `);
    const type = model.shapes[ref.shape]?.type;
    if (inner === "" && (type === "structure" || type === "list" || type === "map")) {
      return Array.isArray(v) ? `${indent}<${name}/>\n` : "";
    }
    if (type === "structure" || type === "list" || type === "map") return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
    return inner === "" ? "" : `${indent}<${name}>${inner}</${name}>\n`;
  };
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object") return "";
      let out = "";
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined || v === null) continue;
        const tag = member.locationName ?? name;
        const memberShape = model.shapes[member.shape];
        if (memberShape?.type === "list" && (memberShape.flattened || member.flattened) && Array.isArray(v)) {
          for (const item of v) out += element(tag, memberShape.member!, item);
        } else {
          out += element(tag, member, v);
        }
      }
      return out;
    }
    case "list":
      return Array.isArray(value) ? value.map((item) => element(shape.member!.locationName ?? "member", shape.member!, item)).join("") : "";
    case "map":
      if (typeof value !== "object") return "";
      return Object.entries(value as Record<string, unknown>)
        .map(
          ([k, v]) =>
            `${indent}<entry>\n${element("key", shape.key!, k).replace(/^/, "  ")}${element("value", shape.value!, v).replace(/^/, "  ")}${indent}</entry>\n`,
        )
        .join("");
    case "timestamp":
      return value instanceof Date ? isoSeconds(value) : "";
    case "boolean":
      return typeof value === "boolean" ? String(value) : "";
    case "blob":
      return value instanceof Uint8Array ? Buffer.from(value).toString("base64") : "";
    default:
      return typeof value === "string" || typeof value === "number" ? escapeXml(String(value)) : "";
  }
}
