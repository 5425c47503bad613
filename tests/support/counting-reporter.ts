// Vitest reporter that ends every run with one machine-readable line:
//   "N passed, N failed, N skipped"
// CI and humans can grep that last line instead of parsing vitest's
// (TTY-dependent) summary. It is meant to run alongside 'default', which keeps
// the normal output; vitest calls reporters in config order, and the default
// reporter prints its summary synchronously in onTestRunEnd, so this line
// comes last.
import type {
  Reporter,
  SerializedError,
  TestModule,
  TestRunEndReason,
  TestSuite,
} from "vitest/node";

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Pure counting logic, kept separate from the reporter so it is easy to reason about. */
export function countRun(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason,
): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0 };

  for (const module of testModules) {
    const before = counts.failed;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") counts.passed++;
      else if (state === "failed") counts.failed++;
      else if (state === "skipped") counts.skipped++;
      // "pending" only happens on interrupted runs; it is neither a pass nor a failure.
    }

    // A file that fails to import/collect, or a beforeAll/afterAll that throws,
    // leaves its errors on the module/suite and its tests skipped (or absent),
    // so counting failed tests alone would report such a file as green.
    // Count one failure per module/suite that carries errors but has no failed test.
    const containers: Array<TestModule | TestSuite> = [module, ...module.children.allSuites()];
    for (const container of containers) {
      if (container.errors().length === 0) continue;
      if (container.children.allTests("failed").next().done) counts.failed++;
    }

    // Belt and braces: vitest considers the file failed but nothing above explained it.
    if (module.state() === "failed" && counts.failed === before) counts.failed++;
  }

  // Errors thrown outside any test (stray rejections, crashed workers...) fail
  // the run in vitest, so they must not disappear from the count either.
  counts.failed += unhandledErrors.length;

  // Keep the line consistent with vitest's exit status: e.g. "no test files
  // found" or a cancelled run fails the run without any failed test.
  if (reason !== "passed" && counts.failed === 0) counts.failed = 1;

  return counts;
}

export function formatCounts(counts: RunCounts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

export default class CountingReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    // process.stdout directly (not console.log) so nothing decorates the line.
    process.stdout.write(`${formatCounts(countRun(testModules, unhandledErrors, reason))}\n`);
  }
}
