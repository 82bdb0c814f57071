import { isPem } from "../encoding/pem";
import { checkMaxHeaderSize, checkPort } from "./listenLimits";
import { invalidOption } from "./state/errors";
import type {
  EmulatorAttributeMapping,
  EmulatorCrlInit,
  EmulatorOptions,
  EmulatorProfileInit,
  EmulatorRoleInit,
  EmulatorThrottleOptions,
  EmulatorTrustAnchorInit,
} from "./types";

/**
 * How {@link loadEmulatorConfig} reads files named in the config (certificates, CRLs, trust
 * policies). Paths are passed through as written; resolve them against the config file's folder.
 * @public
 */
export interface LoadEmulatorConfigOptions {
  /** Returns a file's text, e.g. `(p) => readFileSync(resolve(dir, p), "utf8")`. */
  readFile?: (path: string) => string;
}

type Json = Record<string, unknown>;

const TOP_LEVEL = new Set([
  "$schema",
  "accountId",
  "region",
  "trustAnchors",
  "profiles",
  "roles",
  "clockSkewSeconds",
  "stsClockSkewSeconds",
  "now",
  "host",
  "port",
  "maxHeaderSize",
  "throttle",
]);

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function check<T>(ok: boolean, value: T, where: string, what: string): T {
  if (!ok) throw invalidOption(`emulator config: ${where} must be ${what}.`);
  return value;
}

const str = (v: unknown, where: string) => check(typeof v === "string", v as string, where, "a string");
const optStr = (v: unknown, where: string) => (v === undefined ? undefined : str(v, where));
const optNum = (v: unknown, where: string) =>
  v === undefined ? undefined : check(typeof v === "number" && Number.isFinite(v), v as number, where, "a number");
const optBool = (v: unknown, where: string) =>
  v === undefined ? undefined : check(typeof v === "boolean", v as boolean, where, "true or false");
const list = (v: unknown, where: string): unknown[] => (v === undefined ? [] : check(Array.isArray(v), v as unknown[], where, "an array"));

/** `"throttle": { "rate": 10, "burst": 20 }` (both optional); checked again by `startEmulator`. */
function throttleConfig(v: unknown): EmulatorThrottleOptions | undefined {
  if (v === undefined) return undefined;
  const o = check(isObject(v), v as Json, "throttle", 'an object such as { "rate": 10, "burst": 20 }');
  for (const key of Object.keys(o)) {
    if (key !== "rate" && key !== "burst") throw invalidOption(`emulator config: unknown key "throttle.${key}" (known: rate, burst).`);
  }
  return defined({ rate: optNum(o["rate"], "throttle.rate"), burst: optNum(o["burst"], "throttle.burst") });
}

/** Only the keys that are set, so optional fields stay absent. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function pemOrFile(value: unknown, where: string, read: (p: string) => string): string {
  const text = str(value, where);
  return isPem(text) ? text : read(text);
}

function readerOf(options: LoadEmulatorConfigOptions): (p: string) => string {
  return (path) => {
    if (!options.readFile) {
      throw invalidOption(`emulator config: "${path}" is not inline PEM and no readFile was given to load it as a file.`);
    }
    try {
      return options.readFile(path);
    } catch (error) {
      const why = error instanceof Error ? ` (${error.message})` : "";
      throw invalidOption(`emulator config: cannot read "${path}"${why}; file paths are relative to the config file's folder.`, error);
    }
  };
}

function trustAnchor(v: unknown, i: number, read: (p: string) => string): EmulatorTrustAnchorInit {
  const where = `trustAnchors[${i}]`;
  const o = check(isObject(v), v as Json, where, "an object");
  const certs = o["certificates"] ?? o["certificate"];
  const certificates = (Array.isArray(certs) ? certs : [certs]).map((c, j) => pemOrFile(c, `${where}.certificates[${j}]`, read));
  const crls = list(o["crls"], `${where}.crls`).map((c, j): EmulatorCrlInit => {
    const w = `${where}.crls[${j}]`;
    if (!isObject(c)) return { crl: pemOrFile(c, w, read) };
    return defined({
      id: optStr(c["id"], `${w}.id`),
      name: optStr(c["name"], `${w}.name`),
      crl: pemOrFile(c["crl"], `${w}.crl`, read),
      enabled: optBool(c["enabled"], `${w}.enabled`),
    });
  });
  return defined({
    id: optStr(o["id"], `${where}.id`),
    name: optStr(o["name"], `${where}.name`),
    certificates,
    enabled: optBool(o["enabled"], `${where}.enabled`),
    crls,
  });
}

function profile(v: unknown, i: number): EmulatorProfileInit {
  const where = `profiles[${i}]`;
  const o = check(isObject(v), v as Json, where, "an object");
  return defined({
    id: optStr(o["id"], `${where}.id`),
    name: optStr(o["name"], `${where}.name`),
    roleArns: list(o["roleArns"], `${where}.roleArns`).map((a, j) => str(a, `${where}.roleArns[${j}]`)),
    durationSeconds: optNum(o["durationSeconds"], `${where}.durationSeconds`),
    acceptRoleSessionName: optBool(o["acceptRoleSessionName"], `${where}.acceptRoleSessionName`),
    enabled: optBool(o["enabled"], `${where}.enabled`),
    attributeMappings:
      o["attributeMappings"] === undefined
        ? undefined
        : list(o["attributeMappings"], `${where}.attributeMappings`).map((m, j) => {
            const w = `${where}.attributeMappings[${j}]`;
            const mapping = check(isObject(m), m as Json, w, "an object");
            return {
              certificateField: str(mapping["certificateField"], `${w}.certificateField`) as EmulatorAttributeMapping["certificateField"],
              mappingRules: list(mapping["mappingRules"], `${w}.mappingRules`).map((r, k) => {
                const rule = check(isObject(r), r as Json, `${w}.mappingRules[${k}]`, "an object");
                return { specifier: str(rule["specifier"], `${w}.mappingRules[${k}].specifier`) };
              }),
            };
          }),
  });
}

function role(v: unknown, i: number, read: (p: string) => string): EmulatorRoleInit {
  const where = `roles[${i}]`;
  const o = check(isObject(v), v as Json, where, "an object");
  let trustPolicy = o["trustPolicy"];
  if (typeof trustPolicy === "string" && !trustPolicy.trim().startsWith("{")) trustPolicy = read(trustPolicy);
  if (trustPolicy !== undefined) {
    check(typeof trustPolicy === "string" || isObject(trustPolicy), 0, `${where}.trustPolicy`, "a policy object, JSON text or a file path");
  }
  return defined({
    name: str(o["name"], `${where}.name`),
    path: optStr(o["path"], `${where}.path`),
    accountId: optStr(o["accountId"], `${where}.accountId`),
    roleId: optStr(o["roleId"], `${where}.roleId`),
    trustPolicy: trustPolicy as string | object | undefined,
    maxSessionDuration: optNum(o["maxSessionDuration"], `${where}.maxSessionDuration`),
  });
}

/**
 * Turns the JSON form of the emulator's options (as in `roles-anywhere emulate --config
 * emulator.json`) into {@link EmulatorOptions}. Pure: files are read only through
 * `options.readFile`. Certificates and CRLs are inline PEM or file paths; a trust policy is an
 * object, JSON text or a file path; `certificate` is accepted for `certificates`; `now`, if
 * given, is an ISO-8601 time that pins the emulator's clock (handy for replaying recorded
 * requests). Unknown top-level keys are refused, to catch typos.
 *
 * @example
 * ```ts
 * const options = loadEmulatorConfig(readFileSync("emulator.json", "utf8"), {
 *   readFile: (p) => readFileSync(resolve("conf", p), "utf8"),
 * });
 * const emu = await startEmulator(options);
 * ```
 * @throws RolesAnywhereError `ERR_INVALID_OPTION` naming the offending field.
 * @public
 */
export function loadEmulatorConfig(json: unknown, options: LoadEmulatorConfigOptions = {}): EmulatorOptions {
  let config = json;
  if (typeof json === "string") {
    try {
      config = JSON.parse(json);
    } catch (error) {
      throw invalidOption("emulator config is not valid JSON.", error);
    }
  }
  const o = check(isObject(config), config as Json, "the config", "a JSON object");
  for (const key of Object.keys(o)) {
    if (!TOP_LEVEL.has(key)) throw invalidOption(`emulator config: unknown key "${key}" (known: ${[...TOP_LEVEL].slice(1).join(", ")}).`);
  }
  const read = readerOf(options);
  let now: (() => Date) | undefined;
  if (o["now"] !== undefined) {
    const fixed = new Date(str(o["now"], "now"));
    if (Number.isNaN(fixed.getTime())) throw invalidOption(`emulator config: now "${String(o["now"])}" is not an ISO-8601 time.`);
    now = () => new Date(fixed.getTime());
  }
  return defined({
    accountId: optStr(o["accountId"], "accountId"),
    region: optStr(o["region"], "region"),
    trustAnchors: list(o["trustAnchors"], "trustAnchors").map((a, i) => trustAnchor(a, i, read)),
    profiles: list(o["profiles"], "profiles").map(profile),
    roles: list(o["roles"], "roles").map((r, i) => role(r, i, read)),
    clockSkewSeconds: optNum(o["clockSkewSeconds"], "clockSkewSeconds"),
    stsClockSkewSeconds: optNum(o["stsClockSkewSeconds"], "stsClockSkewSeconds"),
    now,
    host: optStr(o["host"], "host"),
    port: o["port"] === undefined ? undefined : checkPort(o["port"], "emulator config: port"),
    maxHeaderSize: o["maxHeaderSize"] === undefined ? undefined : checkMaxHeaderSize(o["maxHeaderSize"], "emulator config: maxHeaderSize"),
    throttle: throttleConfig(o["throttle"]),
  });
}
