/**
 * Pure formatting for the console's pages (tested without a browser).
 * @module
 */
import type { EmulatorEvent, PolicyConditionResult, SessionCheck } from "../emulator/console/apiTypes";

/** `3600` → `1 hour`, `5400` → `1 h 30 min`, `900` → `15 minutes`. @internal */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (h > 0 && m > 0) return `${h} h ${m} min`;
  if (h > 0) return `${h} hour${h === 1 ? "" : "s"}`;
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** `2026-11-25T01:44:59.000Z` → `2026-11-25 01:44:59 UTC`. @internal */
export const formatTime = (iso: string): string => iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");

/** `2026-11-25T01:44:59Z` → `2026-11-25`. @internal */
export const formatDate = (iso: string): string => iso.slice(0, 10);

/** Whole days from `now` until `iso` (negative once past). @internal */
export const daysUntil = (iso: string, now: Date): number => Math.floor((Date.parse(iso) - now.getTime()) / 86_400_000);

/** What each check of CreateSession is called on the pages. @internal */
export const CHECK_LABELS: Readonly<Record<SessionCheck, string>> = {
  signature: "Signature",
  input: "Request input",
  trustAnchor: "Trust anchor",
  certificatePath: "Certificate path",
  revocation: "Revocation (CRLs)",
  profile: "Profile",
  roleSessionName: "Role session name",
  role: "Role",
  sessionTags: "Session tags",
  duration: "Session duration",
  trustPolicy: "Trust policy",
};

const shown = (values: readonly string[] | undefined): string =>
  values === undefined ? "(absent)" : values.length === 0 ? "(empty)" : values.map((v) => JSON.stringify(v)).join(" or ");

/** A condition result as table cells: operator, key, the request's value, the policy's, the outcome. @internal */
export function conditionCells(c: PolicyConditionResult): {
  operator: string;
  key: string;
  request: string;
  policy: string;
  result: string;
} {
  if (c.unknownOperator) return { operator: c.operator, key: c.key, request: "", policy: "", result: "unknown operator" };
  return {
    operator: c.operator,
    key: c.key,
    request: shown(c.requestValues),
    policy: shown(c.policyValues),
    result: c.passed ? "passed" : "failed",
  };
}

/** How a request ended, for a badge: allowed (2xx), denied (403) or failed. @internal */
export function outcomeOf(event: EmulatorEvent): { readonly label: string; readonly tone: "ok" | "denied" | "error" } {
  if (event.status < 400) return { label: `${event.status} allowed`, tone: "ok" };
  return { label: `${event.status} ${event.errorType ?? "error"}`, tone: event.status === 403 ? "denied" : "error" };
}

/** True for the requests the Activity page shows by default: CreateSession and STS. @internal */
export const isSessionOrSts = (event: EmulatorEvent): boolean => !event.operation.includes(":");

/**
 * One line about a role's trust policy: its conditions (`StringEquals aws:PrincipalTag/x509Subject/CN
 * = DavianThule`), `no condition`, or that it is not JSON.
 * @internal
 */
export function policySummary(text: string): string {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  const raw = (policy as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null);
  const parts: string[] = [];
  for (const s of statements) {
    const condition = s["Condition"];
    if (typeof condition !== "object" || condition === null) continue;
    for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
      if (typeof keys !== "object" || keys === null) continue;
      for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
        parts.push(`${String(s["Effect"])} if ${operator} ${key} = ${Array.isArray(value) ? value.join(" | ") : String(value)}`);
      }
    }
  }
  return parts.length === 0 ? "no condition" : parts.join("; ");
}

/** `"DNS, URI ,Name/*"` → `["DNS", "URI", "Name/*"]`. @internal */
export const specifiersOf = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** Base64 of bytes (for blobs such as `crlData`). @internal */
export function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Text of an uploaded file: PEM as it is, DER bytes as a PEM block with `label`. @internal */
export function pemOfUpload(bytes: Uint8Array, label: string): string {
  const text = new TextDecoder().decode(bytes);
  if (text.includes("-----BEGIN ")) return text;
  const lines = base64Of(bytes).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
