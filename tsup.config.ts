import { type Options, defineConfig } from "tsup";

/**
 * The CLI's bundled dependencies (small pure-JS packages: resolving them from node_modules costs
 * more than compiling them). The two that CLI_ALIASES swaps must be listed too: tsup leaves
 * dependencies external, and an external import is never aliased.
 */
const CLI_BUNDLED = ["@aws-crypto/sha256-js", "@smithy/property-provider", "asn1js"];
/**
 * The CLI swaps two packages for same-shaped stand-ins of its own: the SDK's error package for
 * one class (src/cli/providerErrorShim.ts), and asn1js for a BER reader that returns what
 * encoding/der.ts reads of asn1js's result (src/cli/asn1jsShim.ts; about 8 ms of a cold start).
 * The library builds keep both packages.
 */
const CLI_ALIASES = { "@smithy/property-provider": "./src/cli/providerErrorShim.ts", asn1js: "./src/cli/asn1jsShim.ts" };
/** What the three CLI builds share: CommonJS for Node, no types, source maps, into dist/. */
const CLI_BUILD: Options = {
  format: ["cjs"],
  dts: false,
  sourcemap: true,
  clean: false,
  target: "node20",
  platform: "node",
};

export default defineConfig([
  {
    entry: { index: "src/index.ts", signing: "src/signing.ts", emulator: "src/emulator.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // dist/console/ is the browser console's build (below), written concurrently.
    clean: ["!console/**"],
    target: "node20",
    platform: "neutral",
    // Optional and native packages are loaded lazily by the code that needs them, never bundled.
    external: [/^node:/, "pkcs11js", "pkijs", "@noble/post-quantum"],
    // Keep the `node:` prefix on the lazy builtin imports: Workers (nodejs_compat), Deno and Bun
    // know `node:https`, and bundlers for those targets recognise it as a builtin, not a package.
    removeNodeProtocol: false,
    splitting: true,
    treeshake: true,
    // In the CJS build, lazy `import("node:…")` becomes `require()`: CJS-only test runners
    // (Jest without --experimental-vm-modules) cannot run a dynamic import() from node_modules.
    esbuildOptions(options, { format }) {
      if (format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
    },
  },
  {
    // The bin itself (src/cli.ts): a file of its own, with no chunk to load, that loads either the
    // cache fast path or the full CLI (below) by path.
    entry: { cli: "src/cli.ts" },
    ...CLI_BUILD,
    banner: { js: "#!/usr/bin/env node" },
    splitting: false,
  },
  {
    // The full CLI (src/cli/bin.ts → dist/cli/bin.cjs) and credential-process alone
    // (src/cli/credentialProcessBin.ts → dist/cli/credentialProcess.cjs): stable names the bin
    // loads by path, each one self-contained file.
    entry: { "cli/bin": "src/cli/bin.ts", "cli/credentialProcess": "src/cli/credentialProcessBin.ts" },
    ...CLI_BUILD,
    // Cold start: bundle the small pure-JS dependencies (resolving and loading them from
    // node_modules costs more than compiling them), swap the SDK's error package and asn1js for
    // same-shaped stand-ins (CLI_ALIASES), and leave the heavy, native or ESM-only ones (pkijs, pkcs11js,
    // @noble/post-quantum) external and lazily loaded.
    noExternal: CLI_BUNDLED,
    external: ["pkcs11js", "pkijs", "@noble/post-quantum"],
    // One file each, no chunks: the bin loads it through its V8 code cache (src/cli/codeCache/), which
    // then holds what the command ran, so the size of the file costs little after the first start.
    // Commands and the session code stay lazily evaluated (esbuild keeps dynamic imports as
    // deferred module initialisers) and are converted to require() (the loader has no import()).
    splitting: false,
    // Minified: less to read and a smaller code cache (errors carry explicit names, so no
    // behaviour depends on the names minification changes); source maps map back.
    minify: true,
    esbuildOptions(options) {
      options.supported = { ...options.supported, "dynamic-import": false };
      options.alias = { ...options.alias, ...CLI_ALIASES };
    },
  },
  {
    // The credential-process cache fast path (src/cli/cacheHitMain.ts): one self-contained file,
    // no shared chunks, so a cache hit loads the bin and this file only. It duplicates a little
    // of the CLI's code, which is harmless in a program (it hands nothing to the CLI's chunks).
    entry: { "cli/cacheHit": "src/cli/cacheHitMain.ts" },
    ...CLI_BUILD,
    noExternal: CLI_BUNDLED,
    splitting: false,
    minify: true,
    esbuildOptions(options) {
      options.alias = { ...options.alias, ...CLI_ALIASES };
    },
  },
  {
    // The emulator's browser console (src/console/): one ES module and one style sheet, served by
    // the emulator from dist/console/ when /console is opened; nothing else is loaded.
    entry: { app: "src/console/app.ts" },
    outDir: "dist/console",
    format: ["esm"],
    outExtension: () => ({ js: ".js" }),
    dts: false,
    sourcemap: false,
    clean: true,
    minify: true,
    target: ["chrome120", "firefox120"],
    platform: "browser",
    splitting: false,
    treeshake: true,
  },
]);
