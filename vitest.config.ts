import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Vite would load graphql's index.mjs while Node-loaded libraries (type-graphql, Apollo) load
    // index.js: two copies of graphql fail with "Cannot use GraphQLObjectType from another realm".
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // browser-setup installs Debian's Chromium when the run includes browser tests and there is none.
    globalSetup: ["test/support/global-setup.ts", "test/support/browser-setup.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
