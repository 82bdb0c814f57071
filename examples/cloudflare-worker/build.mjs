// Bundles src/worker.mjs into dist/worker.js for workerd, with esbuild (which wrangler uses too).
//   node examples/cloudflare-worker/build.mjs [--entry src/worker.mjs] [--outfile dist/worker.js] [--package path-to-dist/index.js]
// In your own project `credential-provider-roles-anywhere` resolves from node_modules; inside
// this repository it resolves to the repository's built dist/ (run `npm run build` first).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { entry: { type: "string" }, outfile: { type: "string" }, package: { type: "string" } } });
const repositoryDist = resolve(here, "../../dist/index.js");
const packageEntry = values.package ?? (existsSync(repositoryDist) ? repositoryDist : undefined);

// Workers have no DOMParser, which the browser build of the SDK's XML parser (STS and other
// XML services) needs: use the SDK's own pure-JavaScript parser instead.
const xmlParserWithoutDom = {
  name: "aws-sdk-xml-parser-without-dom",
  setup(build) {
    build.onResolve({ filter: /^\.\/xml-parser$/ }, ({ importer, resolveDir }) =>
      /[\\/]@aws-sdk[\\/]xml-builder[\\/]/.test(importer) ? { path: join(resolveDir, "xml-parser.js") } : undefined,
    );
  },
};

await build({
  entryPoints: [values.entry ? resolve(values.entry) : join(here, "src/worker.mjs")],
  outfile: values.outfile ?? join(here, "dist/worker.js"),
  bundle: true,
  format: "esm",
  // The Workers runtime: browser builds of the AWS SDK (fetch transport), ES2022.
  platform: "browser",
  conditions: ["workerd", "worker", "browser"],
  target: "es2022",
  // The package imports Node builtins and the optional native `pkcs11js` only lazily, for
  // files, PKCS#11 and legacy key formats, none of which a Worker uses: leave them as imports
  // that are never reached.
  external: ["node:*", "pkcs11js"],
  ...(packageEntry ? { alias: { "credential-provider-roles-anywhere": packageEntry } } : {}),
  plugins: [xmlParserWithoutDom],
  logLevel: "warning",
});
