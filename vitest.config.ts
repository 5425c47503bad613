import { defineConfig } from "vitest/config";
import CountingReporter from "./tests/support/counting-reporter.ts";

export default defineConfig({
  test: {
    // Tests mirror the source tree under tests/ (tests/firmware, tests/simulator, ...).
    include: ["tests/**/*.test.ts"],
    // 'default' keeps vitest's usual output; the counting reporter must come
    // after it so its "N passed, N failed" line is the last thing printed.
    reporters: ["default", new CountingReporter()],
    // Integration tests start real brokers and simulated devices: allow slow CI.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Child processes instead of worker threads: tests spawn brokers and use
    // process-level APIs, and a crashing test file cannot take the runner down.
    pool: "forks",
  },
});
