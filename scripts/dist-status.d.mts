// Types of dist-status.mjs (for the tests written in TypeScript).
export declare const DIST_ENTRIES: readonly string[];
export declare function distStatus(root: string): "missing" | "stale" | "fresh";
export declare function buildIfStale(
  root: string,
  options?: { log?: (line: string) => void; quiet?: boolean },
): "missing" | "stale" | "fresh";
