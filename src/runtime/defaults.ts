import { RolesAnywhereError } from "../errors";
import { builtinModule } from "./builtinModule";
import { type FetchLike, createFetchTransport } from "../transport/transport";

/**
 * The runtimes whose defaults differ.
 *
 * @internal
 */
export type RuntimeName = "node" | "bun" | "deno" | "workerd" | "browser" | "other";

/** The globals {@link detectRuntime} and {@link runtimeDefaults} read; every one may be missing. */
interface GlobalLike {
  readonly process?: {
    readonly versions?: { readonly node?: unknown; readonly bun?: unknown };
    readonly release?: { readonly name?: unknown };
  };
  readonly navigator?: { readonly userAgent?: unknown };
  readonly Deno?: { readonly version?: { readonly deno?: unknown } };
  readonly Bun?: { readonly version?: unknown };
  readonly window?: unknown;
  readonly document?: unknown;
  readonly fetch?: unknown;
}

/**
 * Names the runtime from its global object. A global `process` alone proves nothing: Cloudflare
 * Workers with `nodejs_compat`, Deno and Bun all have one, with a `versions.node`. So Workers are
 * told by their user agent, Deno and Bun by their own globals, and Node by `versions.node`
 * together with `release.name === "node"`. Pure.
 *
 * @internal
 */
export const detectRuntime = (global: object): RuntimeName => {
  const g = global as GlobalLike;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (typeof g.Deno?.version?.deno === "string") return "deno";
  if (typeof g.Bun?.version === "string" || typeof g.process?.versions?.bun === "string") return "bun";
  if (typeof g.process?.versions?.node === "string" && g.process.release?.name === "node") return "node";
  if (typeof g.window === "object" && g.window !== null && typeof g.document === "object") return "browser";
  return "other";
};

/**
 * An incremental SHA-256 as `node:crypto`'s `createHash("sha256")` returns it.
 *
 * @internal
 */
export interface NativeHash {
  update(data: string | Uint8Array): NativeHash;
  digest(encoding: "hex"): string;
}

/**
 * A native SHA-256 when the runtime offers `node:crypto` synchronously through
 * `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno, Workers with `nodejs_compat`), else
 * `undefined` (the portable JavaScript hash is used). Feature detection, not an import.
 *
 * @internal
 */
export const nativeSha256Of = (global: object): (() => NativeHash) | undefined => {
  const crypto = builtinModule<{ createHash?: (algorithm: string) => NativeHash }>("node:crypto", global);
  return typeof crypto?.createHash === "function" ? () => crypto.createHash!("sha256") : undefined;
};

/**
 * The default clock; the clock-skew correction recognises it and reads `Date.now()` instead.
 *
 * @internal
 */
export const systemClock = (): Date => new Date();

/**
 * What the provider uses when the caller injects nothing.
 *
 * @internal
 */
export interface RuntimeDefaults {
  readonly runtime: RuntimeName;
  /** The clock. */
  readonly now: () => Date;
  /** `node:http`/`node:https` in Node (it loads in milliseconds); the runtime's `fetch` elsewhere. */
  readonly transport: () => Promise<FetchLike>;
  /** `node:fs/promises` in Node, Bun and Deno; elsewhere an `ERR_FILE` that names the value options to use. */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Whether `readFile` reads a real file system (then key-file permission warnings apply). */
  readonly readsFiles: boolean;
  /** A native SHA-256, when the runtime has one. */
  readonly nativeSha256: (() => NativeHash) | undefined;
}

const FILE_RUNTIMES: readonly RuntimeName[] = ["node", "bun", "deno"];

const noFileSystem = (runtime: RuntimeName) => async (): Promise<Uint8Array> => {
  throw new RolesAnywhereError(
    "ERR_FILE",
    `The *File options read files, which needs Node, Bun or Deno; this runtime (${runtime}) has no file system to read. Pass certificate, privateKey and certificateChain (or pkcs12) as values instead.`,
  );
};

/**
 * The defaults for the runtime whose global object is `global`. It only chooses: an adapter is
 * loaded when first used.
 *
 * @internal
 */
export const runtimeDefaults = (global: object = globalThis): RuntimeDefaults => {
  const runtime = detectRuntime(global);
  const readsFiles = FILE_RUNTIMES.includes(runtime);
  const fetchImpl = typeof (global as GlobalLike).fetch === "function" ? ((global as GlobalLike).fetch as typeof fetch) : undefined;
  return {
    runtime,
    now: systemClock,
    transport: async () =>
      runtime === "node" ? (await import("../node/transport")).createNodeTransport() : createFetchTransport(fetchImpl),
    readFile: readsFiles ? async (path) => (await import("../node/files")).readFileBytes(path) : noFileSystem(runtime),
    readsFiles,
    nativeSha256: nativeSha256Of(global),
  };
};
