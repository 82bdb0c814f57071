import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds dist/ when it is missing or older than src/, for the tests that run the built CLI.
    globalSetup: ["test/globalSetup.ts"],
  },
});
