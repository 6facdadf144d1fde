// npm test: the whole suite. Builds the web app first when stale (the browser tests serve it), then runs
// Vitest once over unit, API (SQLite + PostgreSQL when a server answers) and browser tests, and ends with a
// plain "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfStale } from './start.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
buildWebIfStale();
const report = path.join(root, 'test-results', 'vitest.json');
fs.rmSync(report, { force: true });
const r = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
if (fs.existsSync(report)) {
  const s = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (s.numPendingTests ?? 0) + (s.numTodoTests ?? 0);
  // A file whose setup failed fails no single test but must still count as a failure.
  const failed = s.numFailedTests + (s.numFailedTests === 0 && s.success === false ? Math.max(1, s.numFailedTestSuites ?? 1) : 0);
  console.log(`\n${s.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
  if (s.numTotalTests === 0) {
    console.error('no test ran');
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
