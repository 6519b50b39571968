import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/** What one run adds up to: tests, and the failures that are not a test's own. */
export interface RunSummary {
  passed: number;
  skipped: number;
  /** Tests that failed. */
  failedTests: number;
  /** Test files that failed to load (an import or a describe block threw): they ran no test. */
  filesNotLoaded: number;
  /** Test files or suites whose own hooks failed (beforeAll, afterAll…). */
  failedHooks: number;
  /** Errors outside any test (a rejection nobody awaited, a crashed worker, a global setup). */
  unhandledErrors: number;
  reason: TestRunEndReason;
}

export function summarise(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): RunSummary {
  const summary: RunSummary = { passed: 0, skipped: 0, failedTests: 0, filesNotLoaded: 0, failedHooks: 0, unhandledErrors: unhandledErrors.length, reason };
  for (const module of testModules) {
    let tests = 0;
    for (const test of module.children.allTests()) {
      tests += 1;
      const state = test.result().state;
      if (state === "passed") summary.passed += 1;
      else if (state === "failed") summary.failedTests += 1;
      else summary.skipped += 1;
    }
    const moduleFailed = module.errors().length > 0 || (module.state() === "failed" && tests === 0);
    if (moduleFailed) {
      if (tests === 0) summary.filesNotLoaded += 1;
      else summary.failedHooks += 1;
    }
    for (const suite of module.children.allSuites()) if (suite.errors().length > 0) summary.failedHooks += 1;
  }
  return summary;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The closing line: its "failed" is 0 exactly when the run passed (exit code 0). */
export function summaryLine(summary: RunSummary): string {
  const causes: string[] = [];
  if (summary.filesNotLoaded > 0) causes.push(`${plural(summary.filesNotLoaded, "file", "files")} failed to load`);
  if (summary.failedHooks > 0) causes.push(`${plural(summary.failedHooks, "hook", "hooks")} failed`);
  if (summary.unhandledErrors > 0) causes.push(plural(summary.unhandledErrors, "unhandled error", "unhandled errors"));
  let failed = summary.failedTests + summary.filesNotLoaded + summary.failedHooks + summary.unhandledErrors;
  if (failed === 0 && summary.reason !== "passed") {
    // Vitest failed the run for a reason none of the above counts: still never "0 failed".
    failed = 1;
    causes.push(summary.reason === "interrupted" ? "the run was interrupted" : "the run failed");
  }
  return `${summary.passed} passed, ${failed} failed${causes.length > 0 ? ` (${causes.join(", ")})` : ""}, ${summary.skipped} skipped`;
}

/**
 * Ends the run with a plain "N passed, N failed" line, the closing line CI reads to tell a run
 * that tested something from one that tested nothing (vitest's own summary is not one it parses).
 * Files that failed to load, failed hooks and unhandled errors count as failures, so the line
 * agrees with the exit code.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    console.log(`\n${summaryLine(summarise(testModules, unhandledErrors, reason))}`);
  }
}
