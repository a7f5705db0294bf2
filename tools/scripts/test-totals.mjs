// Sums the per-project Jest summaries written by jest-summary-reporter.cjs.
// A failed run with no recorded failure still counts one failure, so the
// totals line never claims success for a red run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, exitStatus = '0'] = process.argv.slice(2);
const files = dir && existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
for (const file of files) {
  const summary = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += summary.passed;
  failed += summary.failed;
  console.log(`${summary.project}: ${summary.passed} passed, ${summary.failed} failed`);
}
if (exitStatus !== '0' && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
