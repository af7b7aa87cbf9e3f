import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files start their own devnets and anvils on free ports; two at a time fits two cores.
    maxWorkers: 2,
  },
});
