import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const committed = join(root, "docs/api");

const files = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(".md")).sort();

describe("docs/api (the API reference generated from the TSDoc)", () => {
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const fresh = mkdtempSync(join(root, ".tmp", "api-"));
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it(
    "is what `npm run docs:api` generates from the current source (run it after changing an export or its TSDoc)",
    { timeout: 180_000 },
    async () => {
      await promisify(execFile)(process.execPath, [join(root, "node_modules/typedoc/bin/typedoc"), "--out", fresh, "--logLevel", "Error"], {
        cwd: root,
        timeout: 170_000,
      });
      expect(files(fresh)).toEqual(files(committed));
      expect(files(fresh).length).toBeGreaterThan(3);
      for (const file of files(fresh)) {
        expect(readFileSync(join(committed, file), "utf8"), `docs/api/${file} is stale: run npm run docs:api`).toBe(
          readFileSync(join(fresh, file), "utf8"),
        );
      }
    },
  );
});
