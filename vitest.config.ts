import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.spec.ts", "test/**/*.spec.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds dist/ when it is missing or older than src/, for the tests that run the built CLI.
    globalSetup: ["test/globalSetup.ts"],
    // The AWS SDK warns once per process that its releases after January 2027 need Node 22. The
    // SDK is only a test client here and Node 20 is supported, so its variable turns that notice off
    // in the test processes and the ones they start; every other warning stays visible.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
