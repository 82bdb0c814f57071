// Types of dist-status.mjs (for the e2e tests written in TypeScript).
export declare const DIST_ENTRIES: readonly string[];
export declare function distStatus(root: string): "missing" | "stale" | "fresh";
