// Import rules of src/ (docs/architecture.md explains them). Checked by `npm run check:deps`
// and by test/architecture/boundaries.spec.ts, so `npm test` fails when one is broken.

/** The library: everything under src/ except the CLI, the emulator and their entry files. */
const CORE = "^src/(?!cli/|emulator/|cli\\.ts$|emulator\\.ts$)";
/**
 * The core modules the emulator may share: codecs, certificate parsing, protocol rules, SigV4,
 * errors and their wording, and the bounded node:http server that `serve` uses too.
 */
const SHARED_WITH_EMULATOR =
  "^src/(emulator/|encoding/|certificate/|protocol/|signature/|sessionTags/|errors\\.ts$|errorWords\\.ts$|node/limitedServer\\.ts$)";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles, type-only imports included.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-not-to-cli-or-emulator",
      severity: "error",
      comment: "The library never imports the CLI or the emulator.",
      from: { path: CORE },
      to: { path: "^src/(cli|emulator)(/|\\.ts$)" },
    },
    {
      name: "core-no-static-node-adapter",
      severity: "error",
      comment: "The core reaches the Node adapters in src/node/ only through a lazy import(), so it loads in any runtime.",
      from: { path: CORE, pathNot: "^src/node/" },
      to: { path: "^src/node/", dependencyTypesNot: ["dynamic-import", "type-only", "type-import"] },
    },
    {
      name: "core-no-static-node-builtin",
      severity: "error",
      comment: "The core imports Node builtins (node:fs, node:crypto, ...) only lazily, through import(); src/node/ is the exception.",
      from: { path: CORE, pathNot: "^src/node/" },
      to: { dependencyTypes: ["core"], dependencyTypesNot: ["dynamic-import", "type-only", "type-import"] },
    },
    {
      name: "emulator-uses-shared-core-only",
      severity: "error",
      comment:
        "The emulator uses only the shared core: encoding, certificate, protocol, signature, sessionTags, errors, errorWords, the bounded server.",
      from: { path: "^src/emulator/" },
      to: { path: "^src/", pathNot: SHARED_WITH_EMULATOR },
    },
    {
      name: "heavy-code-lazy",
      severity: "error",
      comment:
        "PKCS#12, PKCS#11, TPM and ML-DSA signing code loads only when such input is given: other modules reach it through import() only.",
      from: { path: CORE, pathNot: "^src/key/(pkcs12|pkcs11)/" },
      to: {
        path: "^src/key/pkcs12/|^src/key/pkcs11/pkcs11(Signer|Session)\\.ts$|^src/key/mlDsaSigner\\.ts$|^src/key/tpm/tpmSigner\\.ts$",
        dependencyTypesNot: ["dynamic-import", "type-only", "type-import"],
      },
    },
    {
      name: "tpm-runner-lazy-builtins",
      severity: "error",
      comment:
        "The TPM runner (src/node/tpm/) ends up in the core's bundle: it reaches child_process and the other Node builtins through import() only, so loading the core never loads them.",
      from: { path: "^src/node/tpm/" },
      to: { dependencyTypes: ["core"], dependencyTypesNot: ["dynamic-import", "type-only", "type-import"] },
    },
    {
      name: "heavy-packages-lazy",
      severity: "error",
      comment: "pkcs11js (native, optional), pkijs and @noble/post-quantum are loaded through import() only.",
      from: { path: CORE },
      to: {
        path: "(^|/)node_modules/(pkcs11js|pkijs|@noble/post-quantum)/",
        dependencyTypesNot: ["dynamic-import", "type-only", "type-import"],
      },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every import resolves.",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
