#!/usr/bin/env node
// `npm run screenshots`: refreshes docs/screenshots/NAME.png for every example, on a real X11 server.
//
// - An example with an E2E test (test/e2e/NAME.test.ts) is run through that test's scenario: Jest runs the tests
//   with QTASYNCIO_SCREENSHOTS=docs/screenshots, and the harness (test/e2e/harness.ts) copies every screenshot
//   the scenario takes (`app.screenshot('NAME')`) there.
// - An example without one but with a scripted tour (`--tour FILE`, e.g. the showcase) runs its tour under
//   `xvfb-run -a`, which saves the screenshot itself.
// Extra arguments are example names (default: all). Exit code 1 when a screenshot was not (re)written.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildDistOrExit, root } from './build-dist.mjs';

const outDir = join(root, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const started = Date.now();

const all = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'examples', d.name, 'main.js')))
  .map((d) => d.name)
  .sort();
const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!all.includes(name)) {
    process.stderr.write(`No example named "${name}". Examples: ${all.join(', ')}\n`);
    process.exit(2);
  }
}
const names = wanted.length > 0 ? wanted : all;

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status;

buildDistOrExit();

const withTest = names.filter((n) => existsSync(join(root, 'test', 'e2e', `${n}.test.ts`)));
const withTour = names.filter(
  (n) =>
    !withTest.includes(n) && readFileSync(join(root, 'examples', n, 'main.js'), 'utf8').includes("'--tour'"),
);
const failures = [];
const skipped = names.filter((n) => !withTest.includes(n) && !withTour.includes(n));

if (withTest.length > 0) {
  process.stderr.write(`\n── E2E scenarios: ${withTest.join(', ')} ──\n`);
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const tests = withTest.map((n) => join('test', 'e2e', `${n}.test.ts`));
  const status = run(process.execPath, [jest, '--runTestsByPath', ...tests], {
    QTASYNCIO_SCREENSHOTS: outDir,
  });
  if (status !== 0) failures.push('an E2E scenario failed (see above)');
}
for (const name of withTour) {
  process.stderr.write(`\n── ${name}: scripted tour under xvfb-run ──\n`);
  const env = { ...process.env };
  delete env.QT_QPA_PLATFORM; // the real xcb platform on xvfb-run's server
  const shot = join(outDir, `${name}.png`);
  const args = ['-a', '-s', '-screen 0 1024x768x24', process.execPath, join('examples', name, 'main.js')];
  const r = spawnSync('xvfb-run', [...args, '--tour', shot], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) failures.push(`${name}: the tour exited with ${r.status ?? r.signal}`);
}

process.stderr.write('\n');
for (const name of names) {
  const shot = join(outDir, `${name}.png`);
  const fresh = existsSync(shot) && statSync(shot).mtimeMs >= started;
  if (!fresh && !skipped.includes(name)) failures.push(`${name}: no new screenshot`);
  const what = skipped.includes(name)
    ? 'skipped: no E2E test and no --tour'
    : fresh
      ? 'written'
      : 'NOT written';
  process.stderr.write(`${relative(root, shot)}: ${what}\n`);
}
for (const failure of failures) process.stderr.write(`FAILED: ${failure}\n`);
process.exit(failures.length > 0 ? 1 : 0);
