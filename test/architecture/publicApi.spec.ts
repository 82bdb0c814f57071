import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The package's entry points (package.json "exports"), by subpath. */
const ENTRIES = { ".": "src/index.ts", "./signing": "src/signing.ts", "./emulator": "src/emulator.ts" } as const;

/** Every file of src/, so that tags on modules no entry reaches are checked too. */
const sources = (readdirSync(`${root}src`, { recursive: true, encoding: "utf8" }) as string[])
  .filter((f) => f.endsWith(".ts"))
  .map((f) => `${root}src/${f}`);
const program = ts.createProgram(sources, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  types: ["node"],
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
});
const checker = program.getTypeChecker();

const releaseTag = (node: ts.Node): string | undefined => {
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  const tags = ts.getJSDocTags(holder).map((tag) => tag.tagName.text);
  return tags.find((tag) => tag === "public" || tag === "internal");
};
const where = (node: ts.Node): string => {
  const file = node.getSourceFile();
  const name = (node as ts.NamedDeclaration).name?.getText() ?? "?";
  return `${file.fileName.slice(root.length)}:${name}`;
};

/** Every declaration each entry exports, aliases followed. */
const exported = new Map<ts.Node, string[]>();
for (const [subpath, file] of Object.entries(ENTRIES)) {
  const source = program.getSourceFile(root + file)!;
  for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    for (const declaration of target.declarations ?? [])
      exported.set(declaration, [...(exported.get(declaration) ?? []), `${subpath}:${symbol.name}`]);
  }
}

/** Top-level declarations in src/ tagged @public. */
const taggedPublic: ts.Node[] = [];
for (const source of program.getSourceFiles()) {
  if (!source.fileName.startsWith(`${root}src/`)) continue;
  for (const statement of source.statements) {
    const declarations = ts.isVariableStatement(statement) ? [...statement.declarationList.declarations] : [statement];
    for (const declaration of declarations) if (releaseTag(declaration) === "public") taggedPublic.push(declaration);
  }
}

describe("the public API is what the entry points export", () => {
  it("finds the entries' exports", () => {
    const names = [...exported.values()].flat();
    expect(names).toContain(".:fromRolesAnywhere");
    expect(names).toContain("./signing:signCreateSessionRequest");
    expect(names).toContain("./emulator:startEmulator");
  });

  it("every export is tagged @public", () => {
    const untagged = [...exported]
      .filter(([node]) => releaseTag(node) !== "public")
      .map(([node, names]) => `${where(node)} (${names.join(", ")})`);
    expect(untagged).toEqual([]);
  });

  it("everything tagged @public is exported by an entry", () => {
    expect(taggedPublic.filter((node) => !exported.has(node)).map(where)).toEqual([]);
  });

  it("the root entry stays small: provider, error and guard, algorithm constants (the rest are types)", () => {
    const source = program.getSourceFile(`${root}src/index.ts`)!;
    const values = checker
      .getExportsOfModule(checker.getSymbolAtLocation(source)!)
      .filter((symbol) => checker.getAliasedSymbol(symbol).flags & ts.SymbolFlags.Value)
      .map((symbol) => symbol.name)
      .sort();
    expect(values).toEqual([
      "ALGORITHM_ECDSA",
      "ALGORITHM_MLDSA",
      "ALGORITHM_RSA",
      "RolesAnywhereError",
      "fromRolesAnywhere",
      "getRolesAnywhereCredentials",
      "isRolesAnywhereError",
    ]);
  });
});
