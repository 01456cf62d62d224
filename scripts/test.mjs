#!/usr/bin/env node
// What `npm test` runs after scripts/setup.mjs: type-check everything, build dist/ (test fixtures run the
// package by its own name), lint and format check, the API documentation (typedoc, no warning), then Jest with
// coverage. Every step runs even when an earlier one failed, so one run shows every problem; the exit code is
// non-zero when any step failed.
// The last line is `N passed, N failed` (Jest's test counts; a failed check step counts as one failure).
//
// Extra arguments go to Jest: `npm test -- test/loop` runs only those tests.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const jestArgs = process.argv.slice(2);
const outDir = join(root, 'test-output');
mkdirSync(outDir, { recursive: true });

const failedSteps = [];

function step(label, cmd, args, env = {}) {
  process.stderr.write(`\n── ${label} ──\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  process.stderr.write(`── ${label}: ${ok ? 'ok' : `FAILED (${r.status ?? r.signal})`} in ${seconds} s ──\n`);
  if (!ok) failedSteps.push(label);
  return ok;
}

step('type-check (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
rmSync(join(root, 'dist'), { recursive: true, force: true });
step('build dist/ (tsc)', process.execPath, [join(root, 'scripts', 'build-dist.mjs')]);
step('lint and format (biome)', bin('biome'), ['check', '.']);
// The API site builds without a warning: every exported symbol and member documented, links resolve.
step('API documentation (typedoc)', process.execPath, [join(root, 'scripts', 'docs.mjs')]);

const results = join(outDir, 'jest-results.json');
rmSync(results, { force: true });
step(
  'tests (jest)',
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--coverage',
    '--maxWorkers=2',
    '--json',
    `--outputFile=${results}`,
    ...jestArgs,
  ],
  { QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen' },
);

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  // A test file that failed to run (syntax error, crash) has no failed *tests*: count it as a failure.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  if (r.numPendingTests + r.numTodoTests > 0) {
    process.stderr.write(`note: ${r.numPendingTests + r.numTodoTests} skipped/todo tests are not counted\n`);
  }
}
// A failed check (types, build, lint) is a failure even when every Jest test passed.
const failedChecks = failedSteps.filter((s) => s !== 'tests (jest)');
failed += failedChecks.length;
if (failedSteps.length > 0) process.stderr.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
