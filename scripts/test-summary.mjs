// Prints one closing line for the whole run from the JSON reports of vitest
// and Playwright, so CI reads a single verdict: "tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;

  // A file that fails to load has no failed test of its own: count it once.
  if (!report.numFailedTests && report.numFailedTestSuites) {
    failed += report.numFailedTestSuites;
  }
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed += 1;
  console.error('vitest wrote no report');
}

if (playwrightFile && existsSync(playwrightFile)) {
  const stats = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
} else {
  failed += 1;
  console.error('Playwright wrote no report');
}

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
