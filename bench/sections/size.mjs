// Size: the core entry (src/index.ts) bundled as ESM and minified with esbuild, Node builtins
// external, code splitting on so lazily imported code lands in its own chunks. "Core" is what
// loads eagerly (the entry chunk plus the chunks it imports statically), gzipped; each lazy chunk
// and pkijs are reported apart. A per-package breakdown is measured by leaving each package out.
import { readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { makeRow, verdict } from "../lib/row.mjs";

const SECTION = "Size";
const KB = 1024;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

const packageOf = (input) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m ? m[1] : "(own code)";
};

const bundle = async (esbuild, ctx, { entry, stdin, external = [] }) => {
  const result = await esbuild.build({
    ...(stdin ? { stdin: { contents: stdin, resolveDir: ctx.root, loader: "js" } } : { entryPoints: { index: entry } }),
    absWorkingDir: ctx.root,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node", // Node builtins (node:*, fs, …) stay external
    mainFields: ["module", "main"],
    target: "node20",
    splitting: !stdin,
    outdir: join(ctx.tmpDir, "size"),
    write: false,
    metafile: true,
    logLevel: "silent",
    // Optional packages the core imports lazily, only for PKCS#11 and ML-DSA input (native or ESM-only).
    external: ["pkcs11js", "@noble/post-quantum", "@noble/post-quantum/*", ...external],
  });
  const files = new Map(result.outputFiles.map((f) => [relative(ctx.root, f.path), f.contents]));
  const outputs = result.metafile.outputs;
  const byName = (name) => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`esbuild output ${name} not found`);
    return bytes;
  };
  // Lazily imported modules are entry points of their own chunks too: pick the real entry.
  const entryPoint = entry ? relative(ctx.root, entry) : undefined;
  const entryName =
    Object.keys(outputs).find((name) => entryPoint !== undefined && outputs[name].entryPoint === entryPoint) ??
    Object.keys(outputs).find((name) => outputs[name].entryPoint) ??
    Object.keys(outputs)[0];
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imp of outputs[name].imports) if (!imp.external && imp.kind === "import-statement") visit(imp.path);
  };
  visit(entryName);
  const eagerBytes = Buffer.concat([...eager].map((name) => byName(name)));
  const lazy = Object.keys(outputs)
    .filter((name) => !eager.has(name))
    .map((name) => ({
      chunk: basename(name),
      gzipBytes: gz(byName(name)),
      packages: [...new Set(Object.keys(outputs[name].inputs).map(packageOf))],
    }));
  const eagerInputs = [...eager].flatMap((name) => Object.keys(outputs[name].inputs));
  // Minified bytes of our own code per src/ folder (top-level files as "src/*.ts").
  const ownByFolder = {};
  const ownByFile = {};
  for (const name of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[name].inputs)) {
      if (packageOf(input) !== "(own code)") continue;
      const m = /^src\/([^/]+)\//.exec(input);
      const key = m ? `src/${m[1]}/` : "src/*.ts";
      ownByFolder[key] = (ownByFolder[key] ?? 0) + bytesInOutput;
      ownByFile[input] = (ownByFile[input] ?? 0) + bytesInOutput;
    }
  }
  // Each eagerly loaded chunk alone: what it holds and its gzipped size (code shared with a lazy
  // import lands in its own chunk, which the entry may still import statically).
  const eagerChunks = [...eager].map((name) => {
    const inputs = Object.keys(outputs[name].inputs);
    return {
      chunk: basename(name),
      gzipBytes: gz(byName(name)),
      packages: [...new Set(inputs.map(packageOf))],
      ownFiles: inputs.filter((i) => packageOf(i) === "(own code)").map((i) => i.replace(/^src\//, "")),
    };
  });
  return {
    eagerChunks,
    ownByFolder,
    ownByFile,
    eagerGzip: gz(eagerBytes),
    eagerMinified: eagerBytes.length,
    eagerPackages: [...new Set(eagerInputs.map(packageOf))],
    lazy,
  };
};

export const runSize = async (ctx) => {
  const esbuild = await import("esbuild");
  const entry = join(ctx.root, "src/index.ts");
  const core = await bundle(esbuild, ctx, { entry });
  const breakdown = {};
  const { dependencies = {} } = JSON.parse(await readFile(join(ctx.root, "package.json"), "utf8"));
  // Leave out one direct dependency at a time (with whatever only it pulls in) and see what the
  // gzipped core loses; the rest is our own code plus code shared between dependencies.
  const direct = Object.keys(dependencies).filter((dep) => core.eagerPackages.some((p) => p === dep));
  for (const pkg of direct) {
    const without = await bundle(esbuild, ctx, { entry, external: [pkg, `${pkg}/*`] });
    breakdown[pkg] = Math.round(((core.eagerGzip - without.eagerGzip) / KB) * 10) / 10;
  }
  const parts = Object.values(breakdown).reduce((a, b) => a + b, 0);
  breakdown["own code + shared helpers (remainder)"] = Math.round((core.eagerGzip / KB - parts) * 10) / 10;
  const pkijs = await bundle(esbuild, ctx, { stdin: 'export * from "pkijs";' });
  const pkijsEager = core.eagerPackages.includes("pkijs");
  const pkijsLazy = core.lazy.find((chunk) => chunk.packages.includes("pkijs"));
  const coreKb = core.eagerGzip / KB;
  const eagerText = core.eagerChunks
    .filter((c) => c.gzipBytes >= 512)
    .map((c) => {
      const own = c.ownFiles.length > 4 ? `${c.ownFiles.slice(0, 4).join(", ")}, … ${c.ownFiles.length} files` : c.ownFiles.join(", ");
      const deps = c.packages.filter((p) => p !== "(own code)");
      return `${c.chunk} ${(c.gzipBytes / KB).toFixed(1)} KB [${[own, ...deps].filter(Boolean).join("; ")}]`;
    })
    .join("; ");
  const lazyText = core.lazy.map((c) => `${c.packages.join("+")} ${(c.gzipBytes / KB).toFixed(1)} KB`).join("; ") || "none";
  const one = (median) => ({ median, p10: median, p90: median, n: 1 });
  return [
    makeRow({
      id: "size.core",
      section: SECTION,
      label: "Size: core entry (ESM), bundled + minified + gzipped, Node builtins external, what loads eagerly",
      unit: "KB gz",
      ours: one(coreKb),
      goal: "≤ 40 KB",
      verdict: verdict(coreKb <= 40),
      note: `minified ${(core.eagerMinified / KB).toFixed(1)} KB; eagerly loaded chunks, each gzipped alone: ${eagerText}; gzip share by leaving each direct dependency out: ${Object.entries(
        breakdown,
      )
        .map(([k, v]) => `${k} ${v} KB`)
        .join(", ")}; own code by folder (minified, before gzip): ${Object.entries(core.ownByFolder)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${(v / KB).toFixed(1)} KB`)
        .join(", ")}; largest own files (minified): ${Object.entries(core.ownByFile)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${(v / KB).toFixed(1)} KB`)
        .join(", ")}; lazy chunks: ${lazyText}`,
      details: {
        breakdownKbGzip: breakdown,
        ownCodeMinifiedKbByFolder: Object.fromEntries(
          Object.entries(core.ownByFolder)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => [k, Math.round((v / KB) * 10) / 10]),
        ),
        largestOwnFilesMinifiedKb: Object.fromEntries(
          Object.entries(core.ownByFile)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([k, v]) => [k, Math.round((v / KB) * 10) / 10]),
        ),
        eagerChunks: core.eagerChunks,
        lazyChunks: core.lazy,
        eagerPackages: core.eagerPackages,
      },
    }),
    makeRow({
      id: "size.pkijs",
      section: SECTION,
      label: "Size: pkijs alone (PKCS#12, encrypted keys), bundled + minified + gzipped, reported apart",
      unit: "KB gz",
      ours: one(pkijs.eagerGzip / KB),
      goal: "not in the core's eager load (loaded lazily)",
      verdict: verdict(!pkijsEager),
      note: pkijsEager
        ? "pkijs is in the core's eager load"
        : pkijsLazy
          ? `in a lazy chunk of ${(pkijsLazy.gzipBytes / KB).toFixed(1)} KB gz`
          : "the core does not import pkijs (neither statically nor lazily) at this commit",
    }),
  ];
};
