/**
 * A runtime builtin (`node:fs`, `node:http`, …) through `process.getBuiltinModule` (Node ≥ 20.16
 * and 22.3, Bun, Deno, Workers with `nodejs_compat`), or `undefined` where the runtime lacks it:
 * callers then fall back to `import()` of the same literal name. Feature detection, not an import,
 * so the core keeps no static Node import. `global` is injectable for tests.
 *
 * Why not `import()` alone: it hands back a namespace built by reading every export, and some
 * exports are getters that load whole subsystems on first read: `node:http`'s `WebSocket` loads
 * undici (about 17 ms on Node 22), `node:fs`'s `promises` loads `fs/promises`, `node:crypto`'s
 * `subtle` sets up WebCrypto. `getBuiltinModule` returns the module object untouched.
 *
 * @internal
 */
export const builtinModule = <T>(id: `node:${string}`, global: object = globalThis): T | undefined => {
  const getBuiltinModule = (global as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== "function") return undefined;
  try {
    return (getBuiltinModule as (id: string) => T | undefined)(id) ?? undefined;
  } catch {
    return undefined;
  }
};
